"""ansible.windows.win_powershell as the lab's simulated hosts answer it.

Reproduces ansible.windows 3.3.0 ``plugins/modules/win_powershell.ps1`` (tests/unit/
test_lab_standin_fidelity.py fails when an upgrade changes what is copied here):

- options and defaults of its ``$spec``; ``path``, ``executable``/``arguments``, ``chdir``,
  ``creates``/``removes`` are accepted but fail with "lab: option X is not modelled" when set;
- check mode: a script whose top-level ``param()`` lacks ``[CmdletBinding(SupportsShouldProcess)]``
  is not run (``changed: true``, ``msg: skipped, running in check mode``); one that has it gets
  ``-WhatIf:$true -Confirm:$false`` added to its parameters (labsim.psparse reproduces the AST
  rule and the regex fallback for a script that does not parse);
- ``sensitive_parameters`` become SecureString / PSCredential values (``labsim.context.Secret``;
  a missing password or value is an empty SecureString), overriding plain parameters;
- ``$Ansible`` = ``[PSCustomObject]@{CheckMode; Verbosity; Result = @{}; Diff = @{}; Changed =
  $true; Failed = $false; Tmpdir}``; ``$ErrorActionPreference`` from ``error_action``;
- the result: ``changed`` is ``$Ansible.Changed``; ``failed`` is a terminating error (``throw``,
  or any error record under ``error_action: stop``) or ``$Ansible.Failed``, with no ``msg``;
  the terminating record is appended to ``error``; ``output``, ``result``, ``diff`` values and
  error targets pass through Convert-OutputObject at ``depth`` (labsim.winps_output).

Lab-only behaviour: a gap in the lab (``api.LabUnsupported``) fails with a ``msg`` starting
``lab:``; every call is appended to ``$LAB_STATE_DIR/calls.jsonl`` with parameter names, never
values; every run advances the host's clock by 0.5 s. The session's ``logon`` is ``become`` when
the lab connection saw ``become`` (LAB_LOGON, set by lab.windows.sim), else the host config's
``logon`` (default ``network``: a WinRM network logon, no second hop).
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import json
import os
import random
import shutil
import time
import typing as t

from labsim import scripts
from labsim.context import LAB_EPOCH, Secret, tick
from labsim.hoststate import HostState, Store
from labsim.powershell import api
from labsim.psparse import inspect_script
from labsim.winps_errors import error_entry
from labsim.winps_output import LOCAL_OFFSET, convert_output_object, format_o

CHECK_MODE_SKIP_MSG = 'skipped, running in check mode'

#: the real module's options (name -> type, default, choices); the module file declares the same
OPTIONS: dict[str, dict[str, t.Any]] = {
    'arguments': {'type': 'list', 'elements': 'str'},
    'chdir': {'type': 'str'},
    'creates': {'type': 'str'},
    'depth': {'type': 'int', 'default': 2},
    'error_action': {'type': 'str', 'choices': ['silently_continue', 'continue', 'stop'], 'default': 'continue'},
    'executable': {'type': 'str'},
    'parameters': {'type': 'dict'},
    'path': {'type': 'str'},
    'remote_src': {'type': 'bool', 'default': False},
    'removes': {'type': 'str'},
    'script': {'type': 'str'},
    'sensitive_parameters': {'type': 'list', 'elements': 'dict', 'options': {
        'name': {'type': 'str', 'required': True},
        'username': {'type': 'str'},
        'password': {'type': 'str', 'no_log': True},
        'value': {'type': 'str', 'no_log': True},
    }, 'mutually_exclusive': [['value', 'username'], ['value', 'password']],
        'required_one_of': [['username', 'value']], 'required_together': [['username', 'password']]},
}
REQUIRED_ONE_OF = [['path', 'script']]
MUTUALLY_EXCLUSIVE = [['path', 'script']]
#: options the lab accepts but does not model: set, they fail the call
NOT_MODELLED = ('path', 'executable', 'arguments', 'chdir', 'creates', 'removes')

#: $Ansible's properties in the order of the real [PSCustomObject] literal
ANSIBLE_PROPERTIES = ('CheckMode', 'Verbosity', 'Result', 'Diff', 'Changed', 'Failed', 'Tmpdir')
#: the $ErrorActionPreference (System.Management.Automation.ActionPreference) of each error_action
ERROR_ACTIONS = {'stop': 'Stop', 'continue': 'Continue', 'silently_continue': 'SilentlyContinue'}
TEMP_BASE = 'C:\\Users\\ansible\\AppData\\Local\\Temp'


@dataclasses.dataclass
class ScriptRun:
    """What a run of the script left behind, whichever way it ran."""

    ansible: api.PSObject
    output: list[t.Any] = dataclasses.field(default_factory=list)
    errors: list[api.ErrorRecord] = dataclasses.field(default_factory=list)
    terminating: api.ErrorRecord | None = None
    warning: list[str] = dataclasses.field(default_factory=list)
    verbose: list[str] = dataclasses.field(default_factory=list)
    debug: list[str] = dataclasses.field(default_factory=list)
    information: list[t.Any] = dataclasses.field(default_factory=list)
    host_out: str = ''
    host_err: str = ''


def run_script(module_params: dict[str, t.Any], check_mode: bool, environ: t.Mapping[str, str] | None = None,
               *, verbosity: int = 0, diff_mode: bool = False) -> dict[str, t.Any]:
    """Run one win_powershell call against the simulated host named in the environment."""
    environ = os.environ if environ is None else environ
    params = {name: spec.get('default') if module_params.get(name) is None else module_params[name]
              for name, spec in OPTIONS.items()}
    unmodelled = [name for name in NOT_MODELLED if params[name] not in (None, [])] + \
        (['remote_src'] if params['remote_src'] else [])
    if unmodelled:
        return _lab_failure(f'lab: option {unmodelled[0]} of win_powershell is not modelled')
    if not params['script']:
        return _lab_failure('lab: win_powershell needs script (path is not modelled)')

    host_name = environ['LAB_HOST']
    config = json.loads(environ.get('LAB_CONFIG') or '{}')
    store = Store(environ['LAB_STATE_DIR'])
    info = inspect_script(params['script'])
    op = script_op(params['script'])
    parameters = script_parameters(params, info.supports_should_process, check_mode)
    entry = {
        'time': time.time(), 'host': host_name, 'op': op, 'check_mode': bool(check_mode),
        'params': sorted(params['parameters'] or {}),
        'sensitive': sorted(e['name'] for e in params['sensitive_parameters'] or []),
        'logon': session_logon(config, environ),
    }
    result = _base_result()
    if check_mode and not info.supports_should_process:
        store.record(dict(entry, outcome='skipped'))
        return dict(result, changed=True, msg=CHECK_MODE_SKIP_MSG)

    ansible = new_ansible_object(check_mode, verbosity)
    try:
        run = _interpret(params, op, parameters, ansible, store, host_name, config, environ)
        result.update(module_result(run, params['depth'], params['script'], diff_mode))
    except api.LabUnsupported as err:
        store.record(dict(entry, outcome='lab-unsupported'))
        return _lab_failure(str(err))
    store.record(dict(entry, outcome='failed' if result['failed'] else 'ok'))
    return result


def script_op(text: str) -> str:
    """``wsus_install/get``: the shipped script the text is (labsim.scripts), else its ``# op:`` comment
    (a test's own script), else ``script-<sha1>``."""
    name = scripts.identify(text)
    if name.startswith('script-'):
        return inspect_script(text).op or name
    return scripts.op_name(name)


def script_parameters(params: dict[str, t.Any], should_process: bool, check_mode: bool) -> api.Hashtable:
    """``$parameters`` as win_powershell.ps1 builds it: plain, then sensitive, then -Confirm/-WhatIf."""
    parameters = api.Hashtable(ordered=True)
    for name, value in (params['parameters'] or {}).items():
        parameters[name] = value
    for details in params['sensitive_parameters'] or []:
        if details.get('username'):
            parameters[details['name']] = Secret(details.get('password') or '', details['username'])
        else:
            parameters[details['name']] = Secret(details.get('value') or '')
    if should_process:
        parameters['Confirm'] = False
        parameters['WhatIf'] = bool(check_mode)
    return parameters


def new_ansible_object(check_mode: bool, verbosity: int, tmpdir: str | None = None) -> api.PSObject:
    """The ``$Ansible`` variable the real module sets before running the script."""
    return api.PSObject({'CheckMode': bool(check_mode), 'Verbosity': int(verbosity), 'Result': api.Hashtable(),
                         'Diff': api.Hashtable(), 'Changed': True, 'Failed': False, 'Tmpdir': tmpdir})


def module_result(run: ScriptRun, depth: int, script: str, diff_mode: bool) -> dict[str, t.Any]:
    """The tail of win_powershell.ps1: result keys from ``$Ansible`` and the streams."""
    ansible = run.ansible.properties
    errors = list(run.errors) + ([run.terminating] if run.terminating is not None else [])
    result = {
        'host_out': run.host_out,
        'host_err': run.host_err,
        'result': convert_output_object(ansible['Result'], depth),
        'changed': ansible['Changed'],
        'failed': run.terminating is not None or truthy(ansible['Failed']),
        'output': convert_output_object(list(run.output), depth),
        'error': [error_entry(record, depth, script) for record in errors],
        'warning': list(run.warning),
        'verbose': list(run.verbose),
        'debug': list(run.debug),
        'information': [_information(record, depth) for record in run.information],
    }
    diff = ansible['Diff']
    if diff_mode and isinstance(diff, dict) and diff:
        result['diff'] = {key: convert_output_object(value, depth) for key, value in diff.items()}
    return result


def truthy(value: t.Any) -> bool:
    """PowerShell's conversion to bool (about_Booleans), for ``-or $result.Failed``."""
    if isinstance(value, list):
        return truthy(value[0]) if len(value) == 1 else bool(value)
    if isinstance(value, (api.PSObject, api.DotNetObject, dict, Secret)):
        return True
    return bool(value)


def session_logon(config: dict[str, t.Any], environ: t.Mapping[str, str]) -> str:
    """How the session logged on: ``become`` (runas: credentials on the host, a second hop works)
    when the lab connection ran the task with become, else the host config's ``logon``."""
    return 'become' if environ.get('LAB_LOGON') == 'become' else str(config.get('logon', 'network'))


def _interpret(params: dict[str, t.Any], op: str, parameters: api.Hashtable, ansible: api.PSObject,
               store: Store, host_name: str, config: dict[str, t.Any], environ: t.Mapping[str, str]) -> ScriptRun:
    """Run the script in the lab's PowerShell interpreter over the host's models."""
    try:
        importlib.import_module('labsim.models')  # registers every Windows and ConfigMgr model
        interpreter = importlib.import_module('labsim.powershell.interpreter')
    except ImportError as err:
        raise api.LabUnsupported(f'the interpreter or the models do not import: {err}') from err
    with store.host(host_name, config) as host:
        tick(host.data, 0.5)
        tmpdir = _make_tmpdir(host)
        ansible.properties['Tmpdir'] = tmpdir
        session = interpreter.Session(host, variables={'Ansible': ansible}, logon=session_logon(config, environ),
                                      error_action_preference=ERROR_ACTIONS[params['error_action']],
                                      utc_offset=LOCAL_OFFSET)
        name = scripts.identify(params['script'])
        try:
            ran = interpreter.run(params['script'], script_name=name + '.ps1', parameters=parameters, session=session)
        finally:
            shutil.rmtree(host.path(tmpdir), ignore_errors=True)
    terminating = ran.terminating
    if isinstance(terminating, api.PSError):
        terminating = terminating.record
    return ScriptRun(ansible, output=list(ran.output), errors=list(ran.errors), terminating=terminating,
                     warning=list(ran.warnings), verbose=list(ran.verbose), debug=list(ran.debug),
                     information=list(ran.information), host_out=ran.host_out or '')


def _make_tmpdir(host: HostState) -> str:
    """``$module.Tmpdir`` (Ansible.Basic.cs): ``ansible-moduletmp-<ticks>-<random>`` under the
    remote temp directory, created when read and removed when the module exits."""
    now = LAB_EPOCH + datetime.timedelta(seconds=host.data.get('clock', 0))
    ticks = int((now - datetime.datetime(1, 1, 1)).total_seconds() * 10_000_000)
    path = f'{host.config.get("remote_tmp", TEMP_BASE)}\\ansible-moduletmp-{ticks}-{random.randint(0, 2**31 - 1)}'
    host.path(path).mkdir(parents=True, exist_ok=True)
    return path


def _information(record: t.Any, depth: int) -> dict[str, t.Any]:
    """One ``information`` entry: {message_data, source, time_generated (UTC 'o'), tags}."""
    if not isinstance(record, dict) and not hasattr(record, 'message_data'):
        record = {'message_data': record}  # the interpreter gives the message only

    def field(name: str, default: t.Any = None) -> t.Any:
        return record.get(name, default) if isinstance(record, dict) else getattr(record, name, default)
    when = field('time_generated')
    if isinstance(when, datetime.datetime):
        when = format_o(when.astimezone(datetime.timezone.utc) if when.tzinfo else
                        (when - LOCAL_OFFSET).replace(tzinfo=datetime.timezone.utc))
    return {'message_data': convert_output_object(field('message_data'), depth), 'source': field('source'),
            'time_generated': when, 'tags': list(field('tags') or [])}


def _base_result() -> dict[str, t.Any]:
    """Ansible.Basic's ``changed = false`` and the keys win_powershell.ps1 sets first."""
    return {'changed': False, 'result': {}, 'host_out': '', 'host_err': '', 'output': [], 'error': [],
            'warning': [], 'verbose': [], 'debug': [], 'information': []}


def _lab_failure(message: str) -> dict[str, t.Any]:
    return dict(_base_result(), failed=True, msg=message)
