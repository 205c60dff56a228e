"""Helpers for the interpreter's conformance tests: run a snippet, register throwaway models."""

from __future__ import annotations

import typing as t

import pytest
from labsim.powershell import api, binder
from labsim.powershell.interpreter import RunResult, Session, run


class Snippets:
    """``ps.run(text)`` -> RunResult; ``ps.out(text)`` -> the output list (fails on a terminating error)."""

    def run(self, text: str, parameters: dict[str, t.Any] | None = None, session: Session | None = None,
            **variables: t.Any) -> RunResult:
        session = session or Session(variables=variables)
        return run(text, script_name='snippet.ps1', parameters=parameters or {}, session=session, load_models=False)

    def out(self, text: str, parameters: dict[str, t.Any] | None = None, **variables: t.Any) -> list[t.Any]:
        result = self.run(text, parameters, **variables)
        assert result.terminating is None, result.terminating
        return result.output

    def value(self, text: str, parameters: dict[str, t.Any] | None = None, **variables: t.Any) -> t.Any:
        """The single object a snippet writes."""
        output = self.out(text, parameters, **variables)
        assert len(output) == 1, output
        return output[0]


@pytest.fixture
def ps() -> Snippets:
    return Snippets()


class Models:
    """Register command models and catalog entries for one test; everything is restored after."""

    def __init__(self) -> None:
        self.commands = dict(api.COMMANDS)
        self.types = dict(api.TYPES)
        self.cmdlets = dict(binder.catalog()['cmdlets'])

    def cmdlet(self, name: str, function: t.Callable[[api.Invocation], t.Any], **entry: t.Any) -> None:
        """``entry`` is the catalog entry (sets, switches, should_process...); omitted: the real one."""
        if entry:
            binder.catalog()['cmdlets'][name] = entry
            binder.signature.cache_clear()
        api.command(name)(function)

    def native(self, file_name: str, function: t.Callable[..., api.NativeRun]) -> None:
        api.native(file_name)(function)

    def restore(self) -> None:
        api.COMMANDS.clear()
        api.COMMANDS.update(self.commands)
        api.TYPES.clear()
        api.TYPES.update(self.types)
        binder.catalog()['cmdlets'].clear()
        binder.catalog()['cmdlets'].update(self.cmdlets)
        binder.signature.cache_clear()


@pytest.fixture
def models() -> t.Iterator[Models]:
    registry = Models()
    yield registry
    registry.restore()
