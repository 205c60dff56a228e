"""win_powershell as the lab's simulated hosts answer it.

What it reproduces from the real module (ansible.windows 3.x) because the collection relies on it:
- check mode: a script whose param() block lacks [CmdletBinding(SupportsShouldProcess)] is not run
  ("skipped, running in check mode", changed=true); otherwise it runs with -WhatIf;
- ``$Ansible.Changed`` defaults to true; scripts that set it to $false report changed=false;
- parameters the script's param() block does not declare, or missing mandatory ones, fail
  parameter binding before the script runs;
- a terminating error fails the module with an ``error`` record list.

Every call is appended to ``$LAB_STATE_DIR/calls.jsonl`` with parameter names, never values.
"""

from __future__ import annotations

import json
import os
import time
import typing as t

from labsim import ops
from labsim.context import OpContext, ScriptError, Secret
from labsim.hoststate import Store
from labsim.psparse import inspect_script

CHECK_MODE_SKIP_MSG = 'skipped, running in check mode'


def error_record(message: str, error_id: str, category: str, exception_type: str, op: str) -> dict[str, t.Any]:
    """An error record shaped like win_powershell's."""
    return {
        'output': f'{message}\n    + CategoryInfo          : {category}: (:) [], {exception_type.rsplit(".", 1)[-1]}\n'
                  f'    + FullyQualifiedErrorId : {error_id}',
        'error_details': None,
        'exception': {'message': message, 'type': exception_type, 'help_link': None, 'source': op,
                      'hresult': -2146233087, 'inner_exception': None},
        'target_object': None,
        'category_info': {'category': category, 'category_id': 0, 'activity': '', 'reason': exception_type.rsplit('.', 1)[-1],
                          'target_name': '', 'target_type': ''},
        'fully_qualified_error_id': error_id,
        'script_stack_trace': f'at <ScriptBlock>, <No file>: {op}',
        'pipeline_iteration_info': [],
    }


def _result(**kwargs: t.Any) -> dict[str, t.Any]:
    base = {'changed': False, 'output': [], 'error': [], 'warning': [], 'verbose': [], 'debug': [],
            'information': [], 'host_out': '', 'host_err': '', 'result': {}}
    base.update(kwargs)
    return base


def _bind(info, plain: dict[str, t.Any], sensitive: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    """Bind parameters as PowerShell would; raise ScriptError on unknown or missing ones."""
    bound: dict[str, t.Any] = {}
    for name, value in plain.items():
        if info.parameter(name) is None:
            raise ScriptError(f"A parameter cannot be found that matches parameter name '{name}'.",
                              'NamedParameterNotFound', 'InvalidArgument',
                              'System.Management.Automation.ParameterBindingException')
        bound[name] = value
    for entry in sensitive:
        name = entry['name']
        if info.parameter(name) is None:
            raise ScriptError(f"A parameter cannot be found that matches parameter name '{name}'.",
                              'NamedParameterNotFound', 'InvalidArgument',
                              'System.Management.Automation.ParameterBindingException')
        if entry.get('username') is not None:
            bound[name] = Secret(entry.get('password'), entry['username'])
        else:
            bound[name] = Secret(entry.get('value'))
    missing = [p.name for p in info.parameters if p.mandatory and not any(k.lower() == p.name.lower() for k in bound)]
    if missing:
        raise ScriptError('Cannot process command because of one or more missing mandatory parameters: '
                          + ' '.join(missing) + '.', 'MissingMandatoryParameter', 'InvalidArgument',
                          'System.Management.Automation.ParameterBindingException')
    return bound


def run_script(module_params: dict[str, t.Any], check_mode: bool,
               environ: t.Mapping[str, str] | None = None) -> dict[str, t.Any]:
    """Run one win_powershell call against the simulated host named in the environment."""
    environ = os.environ if environ is None else environ
    host_name = environ['LAB_HOST']
    config = json.loads(environ.get('LAB_CONFIG') or '{}')
    store = Store(environ['LAB_STATE_DIR'])
    script = module_params.get('script') or ''
    info = inspect_script(script)
    plain = module_params.get('parameters') or {}
    sensitive = module_params.get('sensitive_parameters') or []
    entry = {
        'time': time.time(), 'host': host_name, 'op': info.op, 'check_mode': bool(check_mode),
        'params': sorted(plain), 'sensitive': sorted(e['name'] for e in sensitive),
    }

    if check_mode and not info.supports_should_process:
        store.record(dict(entry, outcome='skipped'))
        return _result(changed=True, msg=CHECK_MODE_SKIP_MSG)
    handler = ops.handler(info.op)
    try:
        if handler is None:
            raise ScriptError(f'lab: no model for the script op {info.op!r} (missing "# op:" header?)',
                              'LabUnknownOp')
        bound = _bind(info, plain, sensitive)
        with store.host(host_name, config) as host:
            context = OpContext(host, bound, whatif=check_mode)
            context.tick(0.5)
            output = handler(context)
    except ScriptError as err:
        store.record(dict(entry, outcome='failed'))
        record = error_record(str(err), err.error_id, err.category, err.exception_type, info.op or '?')
        return _result(changed=not info.sets_changed_false, failed=True, msg=str(err), error=[record])
    store.record(dict(entry, outcome='ok'))
    return _result(changed=not info.sets_changed_false, output=[] if output is None else [output],
                   warning=context.warnings)
