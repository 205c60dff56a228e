"""Running a command: resolution, binding, -WhatIf/-Confirm, the model call, its errors.

Resolution order (about_Command_Precedence): script functions, then cmdlets (models registered in
``api.COMMANDS``), then native programs, which run only when their file exists on the simulated
host. A name that is none of these is a gap in the lab (``LabUnsupported``), except a path that does
not exist, which is PowerShell's own CommandNotFoundException.
"""

from __future__ import annotations

import ntpath
import typing as t

from labsim.powershell import api, binder, native
from labsim.powershell.api import ErrorRecord, Hashtable, LabUnsupported, PSError
from labsim.powershell.binder import Named, Positional
from labsim.powershell.flow import halt
from labsim.powershell.nodes import Command, CommandParameter, Var
from labsim.powershell.values import to_bool, to_string

#: ConfirmImpact / $ConfirmPreference ranks (about_Preference_Variables, $ConfirmPreference)
_IMPACT = {'low': 1, 'medium': 2, 'high': 3}
#: cmdlets that declare SupportsShouldProcess only to pass -WhatIf/-Confirm on to the commands they
#: run, and never call ShouldProcess themselves
_NO_SHOULD_PROCESS_CALL = frozenset({'foreach-object'})


def command_not_found(name: str) -> PSError:
    return PSError(f"The term '{name}' is not recognized as the name of a cmdlet, function, script file, or operable "
                   'program. Check the spelling of the name, or if a path was included, verify that the path is '
                   'correct and try again.', 'CommandNotFoundException', 'ObjectNotFound',
                   'System.Management.Automation.CommandNotFoundException', name)


class CommandRunner:
    """Runs the commands of one interpreter (``interpreter`` gives scopes, evaluation and streams)."""

    def __init__(self, interpreter: t.Any):
        self.interpreter = interpreter
        self.session = interpreter.session

    # ---- entry ---------------------------------------------------------------------------------------
    def run(self, command: Command, pipeline_input: list[t.Any] | None) -> list[t.Any]:
        """The command's output for ``pipeline_input`` (None: it is the first command of its pipeline)."""
        interpreter = self.interpreter
        arguments = self.arguments(command)
        if isinstance(command.name, str):
            name = command.name
            function = interpreter.scope.function(name.lower())
            if function is not None:
                return interpreter.call_function(function, arguments, pipeline_input)
            model = api.COMMANDS.get(name.lower())
            if model is not None and not model.native:
                return self.call_cmdlet(model, arguments, pipeline_input, command.merge_error)
        else:
            target = interpreter.eval(command.name)
            if not isinstance(target, str):
                raise LabUnsupported(f'invoking a {type(target).__name__} with & is not supported')
            name = target
        return self.call_native(name, arguments, pipeline_input, command.merge_error)

    def arguments(self, command: Command) -> list[binder.Argument]:
        """Evaluate the arguments in order; ``@h`` splats a hashtable as named, an array as positional."""
        evaluate = self.interpreter.eval
        found: list[binder.Argument] = []
        for element in command.elements:
            if isinstance(element, CommandParameter):
                if element.value is None:
                    found.append(Named(element.name))
                else:
                    found.append(Named(element.name, evaluate(element.value), True))
                continue
            value_node = element.value
            if isinstance(value_node, Var) and value_node.splat:
                value = self.interpreter.lookup(value_node)
                if isinstance(value, Hashtable):
                    found.extend(Named(str(key), item, True) for key, item in value.items())
                elif isinstance(value, list):
                    found.extend(Positional(item) for item in value)
                elif value is not None:
                    found.append(Positional(value))
                continue
            found.append(Positional(evaluate(value_node)))
        return found

    # ---- cmdlets --------------------------------------------------------------------------------------
    def call_cmdlet(self, model: api.CommandModel, arguments: list[binder.Argument],
                    pipeline_input: list[t.Any] | None, merge_error: bool) -> list[t.Any]:
        interpreter = self.interpreter
        signature = binder.signature(model.name)
        bound = binder.bind_cmdlet(signature, arguments, pipeline_input is not None)
        common = bound.common
        action = common.get('ErrorAction') or interpreter.preference('ErrorActionPreference')
        whatif = to_bool(common['WhatIf']) if 'WhatIf' in common else to_bool(interpreter.variable('WhatIfPreference'))
        if signature.should_process and signature.name.lower() not in _NO_SHOULD_PROCESS_CALL:
            if whatif:
                target = '; '.join(f'{key}={to_string(value)}' for key, value in bound.params.items())
                self.session.write_host(f'What if: Performing the operation "{signature.name}" on target "{target}".')
                return []
            self.check_confirm(signature, common)
        invocation = api.Invocation(signature.name, bound.params, list(pipeline_input or []), self.session)
        saved = self.session.whatif, self.session.warnings_silenced
        self.session.whatif = whatif
        if common.get('WarningAction') in ('SilentlyContinue', 'Ignore'):
            self.session.warnings_silenced = True
        try:
            result = model.function(invocation)
        except PSError as error:
            error.record.command = error.record.command or signature.name
            raise
        finally:
            self.session.whatif, self.session.warnings_silenced = saved
        output = list(result) if isinstance(result, list) else ([] if result is None else [result])
        errors: list[ErrorRecord] = []
        for record in invocation.errors:
            errors.append(record)
            interpreter.write_error(record, action, output if merge_error else None)
        self.set_common_variables(common, output, errors)
        return output

    def check_confirm(self, signature: binder.Signature, common: dict[str, t.Any]) -> None:
        """ShouldProcess would prompt (-Confirm, or ConfirmImpact >= $ConfirmPreference); the
        win_powershell host is non-interactive, so the prompt fails."""
        if 'Confirm' in common:
            prompt = to_bool(common['Confirm'])
        else:
            preference = to_string(self.interpreter.variable('ConfirmPreference')).lower()
            impact = _IMPACT.get(signature.confirm_impact.lower(), 2)
            prompt = preference in _IMPACT and impact >= _IMPACT[preference]
        if prompt:
            raise PSError('PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.',
                          'System.Management.Automation.PSInvalidOperationException', 'InvalidOperation',
                          'System.Management.Automation.PSInvalidOperationException')

    def set_common_variables(self, common: dict[str, t.Any], output: list[t.Any], errors: list[ErrorRecord]) -> None:
        """-ErrorVariable / -OutVariable (a leading ``+`` appends)."""
        for key, values in (('ErrorVariable', errors), ('OutVariable', output)):
            if key not in common:
                continue
            name = to_string(common[key])
            if name.startswith('+'):
                name = name[1:]
                previous = self.interpreter.variable(name)
                values = (list(previous) if isinstance(previous, list) else []) + list(values)
            self.interpreter.assign_variable(Var(0, name), list(values))
        for key in ('WarningVariable', 'InformationVariable', 'PipelineVariable', 'OutBuffer'):
            if key in common:
                raise LabUnsupported(f'-{key} is not modelled')

    # ---- native programs ------------------------------------------------------------------------------
    def call_native(self, name: str, arguments: list[binder.Argument], pipeline_input: list[t.Any] | None,
                    merge_error: bool) -> list[t.Any]:
        interpreter = self.interpreter
        file_name = ntpath.basename(name)
        model = api.COMMANDS.get(file_name.lower())
        is_path = '\\' in name or '/' in name
        if model is None or not model.native:
            if is_path and not self.exists(name):
                raise command_not_found(name)
            raise LabUnsupported(f'unknown command {name!r} (no function, cmdlet model or native program model)')
        path = name if is_path else self.search_path(file_name)
        if path is None or not self.exists(path):
            raise command_not_found(name)
        if pipeline_input:
            raise LabUnsupported('pipeline input to a native program is not modelled')
        line = native.command_line(path, self.native_arguments(arguments))
        run = model.function(self.session, path, native.parse_argv(line)[1:])
        interpreter.global_scope.variables['lastexitcode'] = run.exit_code
        output: list[t.Any] = list(run.stdout)
        action = interpreter.preference('ErrorActionPreference')
        for text in run.stderr:
            record = ErrorRecord(text, 'NativeCommandError', 'NotSpecified',
                                 'System.Management.Automation.RemoteException', text, command=file_name)
            interpreter.stamp(record)
            if action == 'Stop':
                # Windows PowerShell 5.1: a native stderr line is an error record, and Stop makes the
                # first one terminating (PowerShell 7.2 stopped doing this: about_Redirection).
                raise halt(PSError(text, record=record))
            interpreter.remember_error(record, action)
            if merge_error:
                output.append(record)
            elif action == 'Continue':
                interpreter.errors_written.append(record)
        return output

    def native_arguments(self, arguments: list[binder.Argument]) -> list[str]:
        """What PowerShell passes: parameters as written, arrays one argument per element."""
        texts: list[str] = []
        for argument in arguments:
            if isinstance(argument, Named):
                if argument.value_given:
                    texts.append(f'-{argument.name}:{to_string(argument.value)}')
                else:
                    texts.append(f'-{argument.name}')
                continue
            values = argument.value if isinstance(argument.value, list) else [argument.value]
            texts.extend(to_string(value) for value in values)
        return texts

    def exists(self, windows_path: str) -> bool:
        host = self.session.host
        return host is not None and host.path(windows_path).exists()

    def search_path(self, file_name: str) -> str | None:
        for folder in (self.session.env_get('Path') or '').split(';'):
            if folder and self.exists(ntpath.join(folder, file_name)):
                return ntpath.join(folder, file_name)
        return None
