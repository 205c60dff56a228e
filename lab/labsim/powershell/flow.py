"""Control flow that crosses Python frames: return/break/continue, and which errors end the script.

PowerShell has two kinds of terminating error (about_Throw, about_Preference_Variables): a
*statement*-terminating error (a cmdlet's ThrowTerminatingError, a failed binding, a .NET method's
exception) ends only the statement, is written to the error stream and the script goes on unless
$ErrorActionPreference is Stop or a try block encloses it; a *script*-terminating error (``throw``,
an error made terminating by Stop) ends the script unless caught. ``halt`` marks the second kind.
"""

from __future__ import annotations

from labsim.powershell.api import PSError

_HALTS = 'lab_halts_script'


class ReturnSignal(Exception):
    """``return`` leaving a function, script block or the script."""


class BreakSignal(Exception):
    """``break`` leaving the innermost loop."""


class ContinueSignal(Exception):
    """``continue`` to the next iteration of the innermost loop."""


def halt(error: PSError) -> PSError:
    """Mark ``error`` script-terminating."""
    setattr(error, _HALTS, True)
    return error


def halts(error: PSError) -> bool:
    return getattr(error, _HALTS, False)
