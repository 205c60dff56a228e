"""A ``{ ... }`` value: what ForEach-Object and Where-Object receive and run per input object."""

from __future__ import annotations

import typing as t

from labsim.powershell.nodes import ScriptBlockDef


class ScriptBlockValue:
    """A script block bound to the interpreter that created it. ``invoke`` runs it dot-sourced in
    the current scope with ``$_`` set, as ForEach-Object -Process and Where-Object -FilterScript do
    (variables it assigns stay visible to the caller)."""

    type_name = 'System.Management.Automation.ScriptBlock'

    def __init__(self, interpreter: t.Any, definition: ScriptBlockDef):
        self.interpreter = interpreter
        self.definition = definition

    def invoke(self, dollar_underscore: t.Any) -> list[t.Any]:
        """The block's output for one input object."""
        return self.interpreter.invoke_block(self.definition, dollar_underscore)
