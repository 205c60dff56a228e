# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The probe -> diff -> apply engine every configmgr.sup action plugin is built on.

PRIVATE to configmgr.sup.

Python decides, PowerShell only touches: a module's action plugin names its argument spec and
its two scripts, and implements three small methods (``check_input``, ``plan``, ``finish``).
The engine does everything else the same way for every module:

1. validate the task arguments against the spec shared with the docs module, then the module's
   own rules, before anything is sent to the host;
2. run the read-only probe script through ``ansible.windows.win_powershell``;
3. let the module compute before/after and the apply parameters in Python;
4. stop there in check mode (or when nothing needs to change: one round trip when converged);
5. otherwise run the apply script with only what the plan asked for, and report. Applies are
   compare-and-set: the script also receives ``Expected``, the values the plan was computed from
   for the settings it changes, reads them again before its first change and stops, changing
   nothing, when the host no longer has them (``ChangedSinceRead``).
"""

from __future__ import annotations

import dataclasses
import os
import re
import typing as t

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError
from ansible.plugins.action import ActionBase

from ansible_collections.configmgr.sup.plugins.module_utils._argspec import ArgumentSpec

WIN_POWERSHELL = 'ansible.windows.win_powershell'
SCRIPT_DIR = os.path.join(os.path.dirname(__file__), 'powershell')
CHECK_MODE_SKIP_MSG = 'skipped, running in check mode'
#: first word of the error _compare_and_set.ps1 throws when a setting changed between probe and apply
CHANGED_SINCE_READ = 'ConfigMgrSupChangedSinceRead'
#: win_powershell ``depth``: its Convert-OutputObject turns any dictionary or list nested deeper
#: than this (the output list is level 0, the probe object level 1) into a type-name string such
#: as 'System.Collections.Hashtable'. The deepest probe is sup_info on a site server
#: (``configmgr.sups[*].site_system.<prop>.value``: 6 levels); 2 more for margin.
#: tests/unit/test_probe_output_depth.py measures every probe against this value.
OUTPUT_DEPTH = 8


class InvalidInput(Exception):
    """A task argument breaks a rule; raised before any call to the host."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(f'{option}: {message}')
        self.option = option


class HostFailure(Exception):
    """The host reported a failure; ``details`` are extra result keys (log path, log lines)."""

    def __init__(self, message: str, **details: t.Any) -> None:
        super().__init__(message)
        self.details = details


class ChangedSinceRead(HostFailure):
    """The apply script found a setting the plan was computed from changed on the host, and changed nothing."""


@dataclasses.dataclass
class Plan:
    """What the module decided after the probe.

    ``apply`` holds the apply script's parameters, or None when the host is already in the
    desired state. ``sensitive`` holds win_powershell ``sensitive_parameters`` entries; they
    are the only way a secret reaches the host. ``expected`` makes the apply compare-and-set:
    for each setting the apply changes, the value the probe read, keyed by its path in what
    the apply script reads again (``'setup/PortNumber'``; _compare_and_set.ps1). The engine
    sends it as the apply script's ``Expected`` parameter.
    """

    before: dict[str, t.Any]
    after: dict[str, t.Any]
    apply: dict[str, t.Any] | None = None
    sensitive: list[dict[str, t.Any]] = dataclasses.field(default_factory=list)
    facts: dict[str, t.Any] = dataclasses.field(default_factory=dict)
    warnings: list[str] = dataclasses.field(default_factory=list)
    expected: dict[str, t.Any] = dataclasses.field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.apply is not None


@dataclasses.dataclass
class Step:
    """One script run on the host: its first output object and the raw module result."""

    output: t.Any
    raw: dict[str, t.Any]


def load_script(name: str) -> str:
    """Text of ``plugins/plugin_utils/powershell/<name>.ps1`` (read once per process).

    A line ``# include: _fragment.ps1`` is replaced by that fragment's text, so code several
    scripts need (loading the ConfigurationManager module, for one) is written once. Only
    constant files are inlined: user values still travel as parameters, never as script text.
    """
    if name not in _SCRIPTS:
        _SCRIPTS[name] = _inline(_read(name + '.ps1'))
    return _SCRIPTS[name]


def _inline(text: str) -> str:
    """Replace include lines by the fragments' text; a fragment may include others."""
    return _INCLUDE.sub(lambda match: _inline(_read(match.group(1))).rstrip('\n'), text)


def _read(file_name: str) -> str:
    with open(os.path.join(SCRIPT_DIR, file_name), encoding='utf-8') as handle:
        return handle.read()


_SCRIPTS: dict[str, str] = {}
_INCLUDE = re.compile(r'^# include: (_[A-Za-z0-9_]+\.ps1)$', re.MULTILINE)


def windows_error_text(raw: dict[str, t.Any]) -> str:
    """The Windows error message(s) of a win_powershell result, most specific first."""
    messages = []
    for record in raw.get('error') or []:
        if not isinstance(record, dict):
            messages.append(str(record))
            continue
        exception = record.get('exception') or {}
        details = record.get('error_details') or {}
        text = details.get('message') or exception.get('message') or record.get('output') or ''
        if text and text not in messages:
            messages.append(text.strip())
    msg = raw.get('msg')
    if msg and not messages:
        messages.append(str(msg))
    # a module that died before it could answer (MODULE FAILURE): its own last words, say a missing import
    stderr = str(raw.get('module_stderr') or '').strip()
    if stderr and not any(stderr.splitlines()[-1] in m for m in messages):
        messages.append(stderr.splitlines()[-1])
    return '; '.join(messages) or 'no error text was returned'


def changed_since_read(raw: dict[str, t.Any]) -> str | None:
    """The changed settings _compare_and_set.ps1 reported (``throw`` text, which is also the error id), if it did."""
    marker = CHANGED_SINCE_READ + ':'
    for record in raw.get('error') or []:
        if isinstance(record, dict):
            text = ((record.get('exception') or {}).get('message') or record.get('fully_qualified_error_id') or '')
            if text.startswith(marker):
                return text[len(marker):].strip()
    return None


class PowerShellStateAction(ActionBase):
    """Base of every configmgr.sup action plugin. Subclasses set the class attributes and hooks."""

    #: short module name; scripts are ``<MODULE>_get.ps1`` and ``<MODULE>_set.ps1``
    MODULE: str = ''
    #: the spec shared with ``plugins/modules/<MODULE>.py``
    SPEC: ArgumentSpec = ArgumentSpec({})

    _VALID_ARGS = frozenset()  # validated against SPEC instead
    TRANSFERS_FILES = False

    # ---- hooks for subclasses -------------------------------------------------------------
    def check_input(self, params: dict[str, t.Any]) -> None:
        """Rules the spec cannot express. Raise InvalidInput naming the option."""

    def script_base(self, params: dict[str, t.Any]) -> str:
        """Base name of the two scripts; a module whose option picks other scripts overrides it."""
        return self.MODULE

    def probe_parameters(self, params: dict[str, t.Any]) -> dict[str, t.Any]:
        """Plain parameters of the probe script."""
        return {}

    def plan(self, params: dict[str, t.Any], probe: dict[str, t.Any]) -> Plan:
        """Compare the probed state with the desired one; decide what the apply script does."""
        raise NotImplementedError

    def finish(self, params: dict[str, t.Any], plan: Plan, applied: Step) -> dict[str, t.Any]:
        """Interpret the apply script's output: extra result keys, or raise HostFailure."""
        return {}

    # ---- engine ----------------------------------------------------------------------------
    @property
    def fqcn(self) -> str:
        return f'configmgr.sup.{self.MODULE}'

    def run(self, tmp=None, task_vars=None):
        self._supports_check_mode = True
        self._supports_async = False
        result = super().run(tmp, task_vars)
        result['changed'] = False
        del tmp
        task_vars = task_vars or {}

        try:
            params = self.validated_params()
            self._base_name = self.script_base(params)
            return self.execute(params, result, task_vars)
        except InvalidInput as err:
            raise AnsibleActionFail(f'{self.fqcn}: {err}') from None
        except HostFailure as err:
            self._merge(result, err.details)
            result.update(failed=True, msg=f'{self.fqcn}: {err}')
        return result

    def execute(self, params: dict[str, t.Any], result: dict[str, t.Any],
                task_vars: dict[str, t.Any]) -> dict[str, t.Any]:
        """Probe, plan, apply, filling ``result``. A module with another flow (sup_log_verify polls)
        overrides this and keeps the engine's validation and error handling."""
        probe = self.run_script('get', self.probe_parameters(params), task_vars=task_vars)
        if probe.raw.get('unreachable'):
            return self._passthrough(result, probe.raw)
        plan = self.plan(params, self._probe_object(probe))
        result.update(self._report(plan))
        if not plan.changed or self._task.check_mode:
            return result
        try:
            applied = self.run_script('set', dict(plan.apply, Expected=dict(plan.expected)), plan.sensitive,
                                      task_vars=task_vars)
        except ChangedSinceRead:
            # Nothing was changed: the result must not claim the planned change.
            result.update(changed=False, after=plan.before)
            result.pop('diff', None)
            raise
        if applied.raw.get('unreachable'):
            return self._passthrough(result, applied.raw)
        self._merge(result, self.finish(params, plan, applied))
        return result

    def prerequisite_missing(self, message: str, plan: Plan) -> Plan:
        """Something an earlier task creates is not on the host yet (WSUS post-install, the SUP role).

        In check mode that earlier task did not run either, so the plan is reported with a
        warning instead of failing the whole dry run; in a real run it fails before any change.
        """
        if not self._task.check_mode:
            raise HostFailure(message)
        plan.warnings.append(f'{message} (check mode: assuming an earlier task in this play creates it)')
        return plan

    @staticmethod
    def _merge(result: dict[str, t.Any], extra: dict[str, t.Any]) -> None:
        """Add extra result keys; warnings accumulate instead of replacing each other."""
        extra = dict(extra)
        warnings = list(result.get('warnings') or []) + list(extra.pop('warnings', None) or [])
        result.update(extra)
        if warnings:
            result['warnings'] = warnings

    def validated_params(self) -> dict[str, t.Any]:
        """Task arguments checked against SPEC and ``check_input``; no host call happens first."""
        validator = ArgumentSpecValidator(self.SPEC.argument_spec, **self.SPEC.rules())
        # As for modules, an option set to null counts as not given (``default(omit)`` style).
        args = {name: value for name, value in self._task.args.items() if value is not None}
        validation = validator.validate(args)
        if validation.error_messages:
            unsupported = [e for e in validation.errors.errors if isinstance(e, UnsupportedError)]
            if unsupported:
                message = f'unsupported parameters: {unsupported[0]}'
            else:
                message = '; '.join(validation.error_messages)
            # Validation messages may quote values; never let a no_log value through.
            # Whole-token matches only: a one-letter password must not mangle the option names.
            for secret in validation._no_log_values:  # pylint: disable=protected-access
                message = re.sub(rf'(?<!\w){re.escape(str(secret))}(?!\w)', '********', message)
            raise AnsibleActionFail(f'{self.fqcn}: {message}')
        params = validation.validated_parameters
        self.check_input(params)
        return params

    def run_script(self, verb: str, parameters: dict[str, t.Any] | None,
                   sensitive: list[dict[str, t.Any]] | None = None,
                   task_vars: dict[str, t.Any] | None = None) -> Step:
        """Run ``<MODULE>_<verb>.ps1`` once through win_powershell and check what came back."""
        base = getattr(self, '_base_name', self.MODULE)
        module_args = {
            'script': load_script(f'{base}_{verb}'),
            'parameters': dict(parameters or {}),
            'error_action': 'stop',
            'depth': OUTPUT_DEPTH,
        }
        if sensitive:
            module_args['sensitive_parameters'] = [dict(entry) for entry in sensitive]
        raw = self._execute_module(module_name=WIN_POWERSHELL, module_args=module_args,
                                   task_vars=task_vars or {})
        raw.pop('invocation', None)
        if raw.get('unreachable'):
            return Step(None, raw)
        if raw.get('msg') == CHECK_MODE_SKIP_MSG or raw.get('skipped'):
            raise HostFailure(
                f'win_powershell skipped the {verb} script in check mode; '
                f'{base}_{verb}.ps1 must declare [CmdletBinding(SupportsShouldProcess)]')
        if raw.get('failed') or raw.get('error'):
            what = 'reading the current state' if verb == 'get' else 'applying the change'
            error = windows_error_text(raw)
            changes = changed_since_read(raw) if verb == 'set' else None
            if changes:
                raise ChangedSinceRead(
                    changes + '. Nothing was changed: the host changed after this task read it (a console edit or '
                    'another run); the next run plans from what is there now', host_error=error, changed_since_read=True)
            raise HostFailure(f'{what} failed on the host: {error}', host_error=error)
        output = raw.get('output') or []
        return Step(output[0] if len(output) == 1 else output, raw)

    def _probe_object(self, probe: Step) -> dict[str, t.Any]:
        if not isinstance(probe.output, dict):
            raise HostFailure(f'the {self.MODULE} probe must return one object, got {probe.output!r}')
        return probe.output

    def _report(self, plan: Plan) -> dict[str, t.Any]:
        report: dict[str, t.Any] = {
            'changed': plan.changed,
            'before': plan.before,
            'after': plan.after if plan.changed else plan.before,
        }
        report.update(plan.facts)
        if plan.changed and self._task.diff:
            report['diff'] = {'before': plan.before, 'after': plan.after}
        if plan.warnings:
            report['warnings'] = list(plan.warnings)
        return report

    @staticmethod
    def _passthrough(result: dict[str, t.Any], raw: dict[str, t.Any]) -> dict[str, t.Any]:
        result.update(unreachable=True, msg=raw.get('msg', 'host unreachable'))
        return result
