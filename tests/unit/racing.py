"""Change a lab host behind a module's back: between its probe and its apply, as a console edit or a
concurrent run would (compare-and-set, engine ``Plan.expected``)."""

from __future__ import annotations

import contextlib
import typing as t
from unittest import mock

from labhost import LabHost
from labsim.hoststate import Store

#: the parts of a host's saved state that are settings (clocks and environment left out)
SETTINGS = ('features', 'iis', 'local_groups', 'registry', 'certificates')


@contextlib.contextmanager
def between_probe_and_apply(action_class, change: t.Callable[[], None]) -> t.Iterator[None]:
    """``change()`` runs once, right after the first probe of ``action_class`` returned; a run of the
    same module inside ``change`` (a concurrent run) goes through unchanged."""
    original = action_class.run_script
    pending = [change]

    def run_script(self, verb, *args, **kwargs):
        step = original(self, verb, *args, **kwargs)
        if verb == 'get' and pending:
            pending.pop()()
        return step

    with mock.patch.object(action_class, 'run_script', run_script):
        yield
    assert not pending, 'the module never probed the host'


def edit(host: LabHost, change: t.Callable[[dict[str, t.Any]], None]) -> None:
    """A console edit: ``change`` gets the host's saved state to modify in place."""
    with Store(host.state_dir).host(host.name, host.config) as state:
        change(state.data)


def settings(host: LabHost, keys: tuple[str, ...] = SETTINGS) -> dict[str, t.Any]:
    state = host.state()
    return {key: state.get(key) for key in keys}


def site_systems(host: LabHost) -> dict[str, t.Any]:
    """The site control data of a site server (its logs and background work left out)."""
    return host.state()['configmgr']['site_systems']
