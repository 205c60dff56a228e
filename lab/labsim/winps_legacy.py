"""The lab's first way of running a script: a Python model per shipped script (labsim/ops).

Kept only until every script runs in the interpreter (``standin.INTERPRETED``); the stand-in still
wraps it in win_powershell's behaviour (check mode, ``$Ansible``, Convert-OutputObject at the
requested depth, error records). Binding imitates PowerShell's parameter binder: a parameter the
script's param() block does not declare, or a missing mandatory one, fails before anything runs.
"""

from __future__ import annotations

import dataclasses
import typing as t

from labsim import ops
from labsim.context import OpContext, ScriptError
from labsim.hoststate import HostState
from labsim.powershell import api
from labsim.psparse import ScriptInfo

#: common parameters the stand-in adds for a SupportsShouldProcess script; handlers see -WhatIf as ``whatif``
COMMON = {'whatif', 'confirm'}


@dataclasses.dataclass
class LegacyRun:
    output: list[t.Any]
    terminating: api.ErrorRecord | None
    warnings: list[str]


def bind(info: ScriptInfo, parameters: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """The script's parameters as PowerShell binds them; ScriptError on unknown or missing ones."""
    bound = {name: value for name, value in parameters.items() if name.lower() not in COMMON}
    for name in bound:
        if info.parameter(name) is None:
            raise ScriptError(f"A parameter cannot be found that matches parameter name '{name}'.",
                              'NamedParameterNotFound', 'InvalidArgument',
                              'System.Management.Automation.ParameterBindingException')
    missing = [p.name for p in info.parameters if p.mandatory and not any(k.lower() == p.name.lower() for k in bound)]
    if missing:
        raise ScriptError('Cannot process command because of one or more missing mandatory parameters: '
                          + ' '.join(missing) + '.', 'MissingMandatoryParameter', 'InvalidArgument',
                          'System.Management.Automation.ParameterBindingException')
    return bound


def handler_for(op: str) -> t.Callable[[OpContext], t.Any]:
    handler = ops.handler(op)
    if handler is None:
        raise api.LabUnsupported(f'no model for the script {op!r} (not a shipped script?)')
    return handler


def run_op(op: str, bound: dict[str, t.Any], host: HostState, whatif: bool) -> LegacyRun:
    """Run the op's handler; a ScriptError is the script's terminating error."""
    context = OpContext(host, bound, whatif=whatif)
    context.tick(0.5)
    try:
        output = handler_for(op)(context)
    except ScriptError as err:
        return LegacyRun([], record(err), context.warnings)
    return LegacyRun([] if output is None else [output], None, context.warnings)


def record(err: ScriptError) -> api.ErrorRecord:
    return api.ErrorRecord(str(err), err.error_id, err.category, err.exception_type)
