"""The lab's PowerShell: runs our scripts as sent, with Windows PowerShell 5.1 semantics.

``run(script, script_name=..., parameters=..., session=...)`` compiles the script (``syntax``,
cached per text), binds its param() block, executes it and returns its streams. Windows itself is
reached only through commands (``api.COMMANDS``), .NET types (``api.TYPES``) and the objects they
return; everything else, the language, is here.

Deliberately stricter than PowerShell, so a gap in the lab or a script bug never passes silently:

- reading a variable that was never assigned is ``LabUnsupported`` (PowerShell would give $null
  without Set-StrictMode). Declared parameters always exist (bound, default, or the type's value for
  $null), and automatic variables that may legitimately be unset ($LASTEXITCODE, $Matches) read as
  $null;
- a member a modelled .NET object or a primitive does not have, a command nobody models, a syntax
  node or a conversion the lab does not implement are ``LabUnsupported`` naming script and line.
  ``LabUnsupported`` is never caught by the script's try/catch.

PowerShell's own errors (``throw``, a cmdlet's errors, binding errors, .NET exceptions) are
``api.PSError`` and behave as on Windows: try/catch, $ErrorActionPreference, -ErrorAction.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import typing as t

from labsim.powershell import api, binder, dotnet, members, operators
from labsim.powershell import builtins  # noqa: F401  (registers ForEach-Object, Where-Object, ...)
from labsim.powershell import nodes as n
from labsim import scripts
from labsim.powershell.api import ErrorRecord, Hashtable, LabUnsupported, PSArray, PSError, PSObject
from labsim.powershell.commands import CommandRunner
from labsim.powershell.flow import BreakSignal, ContinueSignal, ReturnSignal, halt, halts
from labsim.powershell.scriptblock import ScriptBlockValue
from labsim.powershell.session import Scope, Session
from labsim.powershell.syntax import compile_script
from labsim.powershell.values import (
    Ref, convert, default_of, from_python, full_type_name, is_enumerable, to_bool, to_integer, to_string)

__all__ = ['RunResult', 'Session', 'run']

#: automatic variables that read as $null while unset (about_Automatic_Variables)
_UNSET_AUTOMATIC = frozenset({'lastexitcode', 'matches'})
_PREFERENCES = {
    'WhatIfPreference': False, 'VerbosePreference': 'SilentlyContinue', 'DebugPreference': 'SilentlyContinue',
    'WarningPreference': 'Continue', 'InformationPreference': 'SilentlyContinue', 'ProgressPreference': 'Continue',
}


@dataclasses.dataclass
class RunResult:
    """The streams of one run. ``errors`` holds the error records written to the error stream
    while the script went on (non-terminating ones, and statement-terminating ones under Continue);
    ``terminating`` is the error that ended the script, if any (not repeated in ``errors``)."""

    output: list[t.Any]
    errors: list[ErrorRecord]
    terminating: ErrorRecord | None
    warnings: list[str]
    verbose: list[str]
    debug: list[str]
    information: list[str]
    host_out: str


def run(script: str, *, script_name: str, parameters: dict[str, t.Any], session: Session,
        load_models: bool = True) -> RunResult:
    """Run ``script`` (the text the host receives, fragments inlined) with ``parameters`` bound to
    its param() block. Raises ``LabUnsupported`` when the lab cannot run it faithfully.
    ``load_models=False`` runs the language alone (the conformance tests register their own models)."""
    if load_models:
        _load_models()
    try:
        program = compile_script(script)
    except LabUnsupported as error:
        raise LabUnsupported(_bare(error), script_name, error.line) from None
    warnings_before, host_before = len(session.warnings), len(session.host_output)
    interpreter = Interpreter(session, script_name)
    try:
        output, terminating = interpreter.run_program(program, parameters)
    finally:
        scripts.record_coverage(script, [line for name, line in session.executed if name == script_name])
    return RunResult(output=output, errors=interpreter.errors_written, terminating=terminating,
                     warnings=session.warnings[warnings_before:], verbose=[], debug=[], information=[],
                     host_out=''.join(line + '\n' for line in session.host_output[host_before:]))


def _load_models() -> None:
    """The Windows and ConfigMgr models register themselves on import (``labsim.models``)."""
    try:
        importlib.import_module('labsim.models')
    except ModuleNotFoundError as error:
        if error.name != 'labsim.models':
            raise


def _bare(error: LabUnsupported) -> str:
    text = str(error)
    return text.split(': ', 2)[-1] if error.script else text.removeprefix('lab: ')


class Interpreter:
    """Evaluates one script run. Statements write to an ``out`` list (the output stream of the
    enclosing script, function or sub-expression); expressions return values."""

    def __init__(self, session: Session, script_name: str):
        self.session = session
        self.script_name = script_name
        self.global_scope = Scope()
        self.script_scope = Scope(self.global_scope)
        self.scope = self.script_scope
        self.errors_written: list[ErrorRecord] = []
        self.error_list: list[ErrorRecord] = []
        self.try_depth = 0
        self.line = 0
        self.commands = CommandRunner(self)
        globals_ = self.global_scope.variables
        globals_.update({name.lower(): value for name, value in _PREFERENCES.items()})
        globals_['erroractionpreference'] = session.error_action_preference
        globals_['confirmpreference'] = session.confirm_preference
        globals_['error'] = self.error_list
        for name, value in session.variables.items():
            globals_[name.lower()] = value
        self._statements = {
            n.Pipeline: self.exec_pipeline, n.Assign: self.exec_assign, n.If: self.exec_if,
            n.Foreach: self.exec_foreach, n.For: self.exec_for, n.Try: self.exec_try, n.Flow: self.exec_flow,
            n.FunctionDef: self.exec_function_def,
        }
        self._expressions = {
            n.Const: lambda node: node.value, n.Var: self.lookup, n.Expand: self.eval_expand,
            n.ArrayExpr: self.eval_array_expr, n.SubExpr: self.eval_sub_expr,
            n.Paren: lambda node: self.value_of(node.statement), n.HashLit: self.eval_hash,
            n.Cast: self.eval_cast, n.TypeLit: lambda node: members.type_value(node.type.name),
            n.Member: self.eval_member, n.Invoke: self.eval_invoke, n.Index: self.eval_index,
            n.Unary: self.eval_unary, n.PostIncrement: self.eval_post_increment, n.Binary: self.eval_binary,
            n.ArrayLit: lambda node: [self.eval(item) for item in node.items],
            n.ScriptBlockExpr: lambda node: ScriptBlockValue(self, node.block),
        }

    # ---- the script ---------------------------------------------------------------------------------
    def run_program(self, program: n.ScriptBlockDef, parameters: dict[str, t.Any]) -> tuple[list[t.Any], ErrorRecord | None]:
        out: list[t.Any] = []
        try:
            arguments = [binder.Named(name, from_python(value), True) for name, value in parameters.items()]
            self.bind_block(program, arguments, self.script_scope)
            self.exec_block(program.body, out)
        except ReturnSignal:
            pass
        except PSError as error:
            self.stamp(error.record)
            self.remember_error(error.record, 'Continue')
            return out, error.record
        except (BreakSignal, ContinueSignal):
            raise LabUnsupported('break/continue outside a loop', self.script_name, self.line) from None
        return out, None

    def bind_block(self, block: n.ScriptBlockDef, arguments: list[binder.Argument], scope: Scope) -> list[t.Any]:
        """Bind a script's or function's param() in ``scope``; returns what is left for ``$args``."""
        parameters = block.parameters or ()
        bound, common, rest = binder.bind_declared(parameters, arguments, advanced=block.advanced,
                                                   should_process=block.supports_should_process, session=self.session)
        saved, self.scope = self.scope, scope
        try:
            for parameter in parameters:
                if parameter.name in bound:
                    value = bound[parameter.name]
                elif parameter.default is not None:
                    value = self.eval(parameter.default)
                    if parameter.type is not None:
                        value = convert(value, parameter.type.name, self.session)
                else:
                    value = default_of(parameter.type.name if parameter.type else None)
                scope.variables[parameter.name.lower()] = value
        finally:
            self.scope = saved
        bound_parameters = Hashtable(bound.items())
        for name, value in common.items():
            bound_parameters[name] = value
            self._apply_common(name, value, scope)
        scope.variables['psboundparameters'] = bound_parameters
        return rest

    @staticmethod
    def _apply_common(name: str, value: t.Any, scope: Scope) -> None:
        """Common parameters of an advanced script/function set its preference variables."""
        variables = scope.variables
        if name == 'WhatIf':
            variables['whatifpreference'] = to_bool(value)
        elif name == 'Confirm':
            variables['confirmpreference'] = 'Low' if to_bool(value) else 'None'
        elif name in ('ErrorAction', 'WarningAction', 'InformationAction'):
            variables[name.replace('Action', 'Preference').lower() if name != 'ErrorAction' else 'erroractionpreference'] = value
        elif name == 'Verbose':
            variables['verbosepreference'] = 'Continue' if to_bool(value) else 'SilentlyContinue'
        elif name == 'Debug':
            variables['debugpreference'] = 'Inquire' if to_bool(value) else 'SilentlyContinue'
        else:
            raise LabUnsupported(f'-{name} on a script or function is not modelled')

    # ---- statements -------------------------------------------------------------------------------------
    def exec_block(self, block: n.Block, out: list[t.Any]) -> None:
        """Run statements in order. A statement-terminating error ends only its statement unless
        a try block encloses it or $ErrorActionPreference is Stop (see ``flow``)."""
        executed = self.session.executed
        for statement in block.statements:
            executed.add((self.script_name, statement.line))
            self.line = statement.line
            try:
                self._statements[type(statement)](statement, out)
            except PSError as error:
                self.stamp(error.record)
                if self.try_depth or halts(error):
                    raise
                action = self.preference('ErrorActionPreference')
                if action == 'Stop':
                    raise halt(error)
                self.remember_error(error.record, action)
                if action == 'Continue':
                    self.errors_written.append(error.record)
            except LabUnsupported as error:
                if error.script:
                    raise
                raise LabUnsupported(_bare(error), self.script_name, statement.line) from None

    def exec_statement(self, statement: t.Any, out: list[t.Any]) -> None:
        self._statements[type(statement)](statement, out)

    def exec_pipeline(self, pipeline: n.Pipeline, out: list[t.Any]) -> None:
        stages = pipeline.stages
        if len(stages) == 1 and not isinstance(stages[0], n.Command):
            expression = stages[0]
            value = self.eval(expression)
            if isinstance(expression, n.PostIncrement) or (isinstance(expression, n.Cast) and
                                                            expression.type.name.lower() == 'void'):
                return
            if value is None and isinstance(expression, n.Invoke):
                # A void .NET method writes nothing (AutomationNull). Models return None for void and
                # for a null result alike; our scripts use a method's null result only as a value.
                return
            write(out, value)
            return
        out.extend(self.run_pipeline(pipeline))

    def run_pipeline(self, pipeline: n.Pipeline) -> list[t.Any]:
        """about_Pipelines: the first element's objects, one at a time, into each command in turn."""
        stages = pipeline.stages
        items: list[t.Any] | None = None
        start = 0
        if not isinstance(stages[0], n.Command):
            value = self.eval(stages[0])
            items = list(value) if is_enumerable(value) else [value]
            start = 1
        for command in stages[start:]:
            items = self.commands.run(command, items)
        return items or []

    def value_of(self, statement: t.Any) -> t.Any:
        """A statement used as a value (assignment, parentheses): an expression's value as is, a
        pipeline's or statement's output collected (none: $null, one: itself, more: object[])."""
        if isinstance(statement, n.Pipeline) and len(statement.stages) == 1 and \
                not isinstance(statement.stages[0], n.Command):
            return self.eval(statement.stages[0])
        if isinstance(statement, n.Assign):
            self.exec_assign(statement, [])
            return self.eval(statement.target)
        out: list[t.Any] = []
        self.exec_statement(statement, out)
        return collect(out)

    def items_of(self, statement: t.Any) -> list[t.Any]:
        """What ``foreach`` iterates: $null nothing, a collection its elements, a scalar itself."""
        if isinstance(statement, n.Pipeline) and len(statement.stages) == 1 and \
                not isinstance(statement.stages[0], n.Command):
            value = self.eval(statement.stages[0])
            if value is None:
                return []
            return list(value) if is_enumerable(value) else [value]
        out: list[t.Any] = []
        self.exec_statement(statement, out)
        return out

    def exec_assign(self, statement: n.Assign, out: list[t.Any]) -> None:
        value = self.value_of(statement.value)
        target = statement.target
        if isinstance(target, n.Const):
            return
        if statement.op != '=':
            current = self.eval(target)
            value = operators.add(current, value) if statement.op == '+=' else \
                operators.arithmetic(statement.op[0], current, value)
        self.assign(target, value)

    def exec_if(self, statement: n.If, out: list[t.Any]) -> None:
        for condition, block in statement.clauses:
            if to_bool(self.value_of(condition)):
                self.exec_block(block, out)
                return
        if statement.otherwise is not None:
            self.exec_block(statement.otherwise, out)

    def exec_foreach(self, statement: n.Foreach, out: list[t.Any]) -> None:
        for item in self.items_of(statement.source):
            self.assign_variable(statement.variable, item)
            try:
                self.exec_block(statement.body, out)
            except BreakSignal:
                break
            except ContinueSignal:
                continue

    def exec_for(self, statement: n.For, out: list[t.Any]) -> None:
        if statement.init is not None:
            self.exec_statement(statement.init, [])
        while statement.condition is None or to_bool(self.value_of(statement.condition)):
            try:
                self.exec_block(statement.body, out)
            except BreakSignal:
                break
            except ContinueSignal:
                pass
            if statement.step is not None:
                self.exec_statement(statement.step, [])

    def exec_try(self, statement: n.Try, out: list[t.Any]) -> None:
        """about_Try_Catch_Finally: a terminating error in the try block goes to the first catch
        whose type matches (inner exceptions of method calls included); finally always runs."""
        try:
            self.try_depth += 1
            try:
                self.exec_block(statement.body, out)
            finally:
                self.try_depth -= 1
        except PSError as error:
            clause = next((c for c in statement.catches if catches(c.types, error.record)), None)
            if clause is None:
                raise
            self.stamp(error.record)
            self.remember_error(error.record, 'Continue')
            variables = self.scope.variables
            saved = variables.get('_', _MISSING)
            variables['_'] = error.record
            try:
                self.exec_block(clause.body, out)
            finally:
                if saved is _MISSING:
                    variables.pop('_', None)
                else:
                    variables['_'] = saved
        finally:
            if statement.final is not None:
                self.exec_block(statement.final, out)

    def exec_flow(self, statement: n.Flow, out: list[t.Any]) -> None:
        kind = statement.kind
        if kind == 'return':
            if statement.value is not None:
                self.exec_statement(statement.value, out)
            raise ReturnSignal()
        if kind == 'break':
            raise BreakSignal()
        if kind == 'continue':
            raise ContinueSignal()
        raise halt(self.thrown(statement))

    def thrown(self, statement: n.Flow) -> PSError:
        """about_Throw: ``throw 'text'`` is a RuntimeException whose error id is the text; ``throw``
        alone in a catch block rethrows the caught error."""
        if statement.value is None:
            current = self.scope.holder('_')
            caught = current.variables['_'] if current is not None else None
            if isinstance(caught, ErrorRecord):
                return PSError(caught.message, record=caught)
            return PSError('ScriptHalted', 'ScriptHalted', 'OperationStopped')
        value = self.value_of(statement.value)
        if isinstance(value, ErrorRecord):
            return PSError(value.message, record=value)
        message = to_string(value)
        return PSError(message, message, 'OperationStopped', target=value)

    def exec_function_def(self, statement: n.FunctionDef, out: list[t.Any]) -> None:
        self.scope.functions[statement.name.lower()] = statement

    # ---- functions and script blocks --------------------------------------------------------------------
    def call_function(self, function: n.FunctionDef, arguments: list[binder.Argument],
                      pipeline_input: list[t.Any] | None) -> list[t.Any]:
        """about_Functions: a child scope, the param() bound, all output returned."""
        if pipeline_input is not None:
            raise LabUnsupported(f'pipeline input to function {function.name} is not modelled')
        scope = Scope(self.scope)
        block = function.block
        if block.parameters is None and any(isinstance(argument, binder.Named) for argument in arguments):
            raise LabUnsupported(f'named arguments to {function.name}, which has no param() block')
        rest = self.bind_block(block, arguments, scope)
        scope.variables['args'] = [argument.value for argument in arguments] if block.parameters is None else rest
        out: list[t.Any] = []
        saved, self.scope = self.scope, scope
        try:
            self.exec_block(block.body, out)
        except ReturnSignal:
            pass
        finally:
            self.scope = saved
        return out

    def invoke_block(self, block: n.ScriptBlockDef, dollar_underscore: t.Any) -> list[t.Any]:
        """A script block dot-sourced in the current scope with ``$_`` set (ForEach-Object, Where-Object)."""
        if block.parameters is not None:
            raise LabUnsupported('script blocks with param() are not modelled')
        variables = self.scope.variables
        saved = variables.get('_', _MISSING)
        variables['_'] = dollar_underscore
        out: list[t.Any] = []
        try:
            self.exec_block(block.body, out)
        except ReturnSignal:
            pass
        finally:
            if saved is _MISSING:
                variables.pop('_', None)
            else:
                variables['_'] = saved
        return out

    # ---- variables --------------------------------------------------------------------------------------
    def lookup(self, node: n.Var) -> t.Any:
        """about_Scopes / about_Automatic_Variables / about_Environment_Variables."""
        name = node.name.lower()
        if node.scope == 'env':
            return self.session.env_get(node.name)
        if name == 'psitem':
            name = '_'
        scope = {'script': self.script_scope, 'global': self.global_scope}.get(node.scope, self.scope)
        if node.scope == 'local':
            if name in scope.variables:
                return scope.variables[name]
        else:
            holder = scope.holder(name)
            if holder is not None:
                return holder.variables[name]
        if name in _UNSET_AUTOMATIC:
            return None
        raise LabUnsupported(f'variable ${node.name} is read before it is assigned')

    def variable(self, name: str) -> t.Any:
        """An automatic or preference variable as the current scope sees it ($null if unset)."""
        holder = self.scope.holder(name.lower())
        return holder.variables[name.lower()] if holder is not None else None

    def preference(self, name: str) -> str:
        """An ActionPreference variable, normalised ('Stop', 'Continue', ...)."""
        return binder.action_preference(self.variable(name) or 'Continue', name)

    def assign_variable(self, node: n.Var, value: t.Any) -> None:
        if node.scope == 'env':
            self.session.env_set(node.name, None if value is None else to_string(value))
            return
        name = node.name.lower()
        if name in ('_', 'psitem', 'true', 'false', 'null'):
            raise LabUnsupported(f'assigning the automatic variable ${node.name}')
        scope = {'script': self.script_scope, 'global': self.global_scope}.get(node.scope, self.scope)
        scope.variables[name] = value

    def assign(self, target: t.Any, value: t.Any) -> None:
        if isinstance(target, n.Var):
            self.assign_variable(target, value)
        elif isinstance(target, n.Member):
            if target.static:
                raise LabUnsupported('assigning a static member is not modelled')
            members.set_member(self.eval(target.target), to_string(self.eval(target.name)), value)
        elif isinstance(target, n.Index):
            set_index(self.eval(target.target), self.eval(target.index), value)
        else:
            raise LabUnsupported(f'cannot assign to {type(target).__name__}')

    # ---- errors -----------------------------------------------------------------------------------------
    def stamp(self, record: ErrorRecord) -> None:
        if not record.script:
            record.script = self.script_name
            record.line = self.line

    def remember_error(self, record: ErrorRecord, action: str) -> None:
        """$Error keeps every error but those of -ErrorAction Ignore, newest first."""
        if action != 'Ignore' and (not self.error_list or self.error_list[0] is not record):
            self.error_list.insert(0, record)

    def write_error(self, record: ErrorRecord, action: str, redirect: list[t.Any] | None) -> None:
        """A non-terminating error under -ErrorAction / $ErrorActionPreference (about_CommonParameters)."""
        self.stamp(record)
        if action == 'Stop':
            raise halt(PSError(record.message, record=record))
        if action in ('Inquire', 'Suspend'):
            raise LabUnsupported(f'-ErrorAction {action} is not modelled (the host is non-interactive)')
        self.remember_error(record, action)
        if action == 'Continue':
            (redirect if redirect is not None else self.errors_written).append(record)

    # ---- expressions ------------------------------------------------------------------------------------
    def eval(self, node: t.Any) -> t.Any:
        return self._expressions[type(node)](node)

    def eval_expand(self, node: n.Expand) -> str:
        """about_Quoting_Rules: variables and sub-expressions converted to strings ($OFS joins arrays)."""
        separator = self.variable('OFS')
        separator = ' ' if separator is None else to_string(separator)
        return ''.join(part if isinstance(part, str) else to_string(self.eval(part), separator) for part in node.parts)

    def eval_array_expr(self, node: n.ArrayExpr) -> list[t.Any]:
        out: list[t.Any] = []
        self.exec_block(node.body, out)
        return out

    def eval_sub_expr(self, node: n.SubExpr) -> t.Any:
        out: list[t.Any] = []
        self.exec_block(node.body, out)
        return collect(out)

    def eval_hash(self, node: n.HashLit, ordered: bool = False) -> Hashtable:
        table = Hashtable(ordered=ordered)
        for key_node, value_node in node.entries:
            key = self.eval(key_node)
            if key in table:
                raise PSError(f"Duplicate keys '{to_string(key)}' are not allowed in hash literals.",
                              'DuplicateKeyInHashLiteral', 'ParserError', 'System.Management.Automation.ParseException')
            table[key] = self.value_of(value_node)
        return table

    def eval_cast(self, node: n.Cast) -> t.Any:
        """about_Type_Conversion; ``[ordered]`` and ``[PSCustomObject]`` on a literal keep its order."""
        type_name = node.type.name.lower()
        operand = node.operand
        if type_name == 'ordered':
            if not isinstance(operand, n.HashLit):
                raise LabUnsupported('[ordered] applies only to a hash literal')
            return self.eval_hash(operand, ordered=True)
        if type_name == 'ref':
            return self.reference(operand)
        value = self.eval(operand)
        if type_name == 'void':
            return None
        if full_type_name(type_name) == 'System.Management.Automation.PSCustomObject' and isinstance(value, Hashtable):
            return PSObject(value)
        return convert(value, node.type.name, self.session)

    def reference(self, operand: t.Any) -> Ref:
        """``[ref]$variable`` refers to the variable where it lives."""
        if not isinstance(operand, n.Var) or operand.scope == 'env':
            value = self.eval(operand)
            holder = {'value': value}
            return Ref(lambda: holder['value'], lambda new: holder.__setitem__('value', new))
        self.lookup(operand)
        name = operand.name.lower()
        scope = {'script': self.script_scope, 'global': self.global_scope}.get(operand.scope, self.scope)
        owner = scope.holder(name) or scope
        return Ref(lambda: owner.variables[name], lambda new: owner.variables.__setitem__(name, new))

    def eval_member(self, node: n.Member) -> t.Any:
        name = to_string(self.eval(node.name))
        if node.static:
            return self._call(lambda: members.static_member(self._type_of(node.target), name, None, self.session), name, 0)
        return members.get_member(self.eval(node.target), name)

    def eval_invoke(self, node: n.Invoke) -> t.Any:
        name = to_string(self.eval(node.name))
        if node.static:
            type_name = self._type_of(node.target)
            arguments = [self.eval(argument) for argument in node.args]
            return self._call(lambda: members.static_member(type_name, name, arguments, self.session), name, len(arguments))
        target = self.eval(node.target)
        arguments = [self.eval(argument) for argument in node.args]
        return self._call(lambda: members.invoke_method(target, name, arguments, self.session), name, len(arguments))

    @staticmethod
    def _type_of(target: t.Any) -> str:
        if not isinstance(target, n.TypeLit):
            raise LabUnsupported('static member access on a non-literal type')
        return target.type.name

    @staticmethod
    def _call(call: t.Callable[[], t.Any], name: str, count: int) -> t.Any:
        """A .NET exception from a method surfaces as MethodInvocationException (about_Methods);
        PowerShell's own errors (System.Management.Automation.*) pass unchanged."""
        try:
            return call()
        except PSError as error:
            inner = error.record
            if inner.exception_type.startswith('System.Management.Automation.'):
                raise
            message = f'Exception calling "{name}" with "{count}" argument(s): "{inner.message}"'
            record = ErrorRecord(message, inner.exception_type.rsplit('.', 1)[-1], 'NotSpecified',
                                 'System.Management.Automation.MethodInvocationException', inner.target, inner=inner)
            raise PSError(message, record=record) from None

    def eval_index(self, node: n.Index) -> t.Any:
        return get_index(self.eval(node.target), self.eval(node.index))

    def eval_unary(self, node: n.Unary) -> t.Any:
        value = self.eval(node.operand)
        op = node.op
        if op in ('-not', '!'):
            return not to_bool(value)
        if op == ',':
            return [value]
        if op == '-':
            return operators.arithmetic('-', 0, value)
        return operators.add(0, value)

    def eval_post_increment(self, node: n.PostIncrement) -> t.Any:
        current = self.eval(node.target)
        self.assign(node.target, operators.add(current, 1) if node.op == '++' else operators.arithmetic('-', current, 1))
        return current

    def eval_binary(self, node: n.Binary) -> t.Any:
        op = node.op
        if op == '-and':
            return to_bool(self.eval(node.left)) and to_bool(self.eval(node.right))
        if op == '-or':
            return to_bool(self.eval(node.left)) or to_bool(self.eval(node.right))
        left = self.eval(node.left)
        right = self.eval(node.right)
        if op == '+':
            return operators.add(left, right)
        if op in ('-', '*', '/', '%'):
            return operators.arithmetic(op, left, right)
        if op == '-xor':
            return to_bool(left) != to_bool(right)
        if op == '-f':
            return operators.format_operator(left, right, self.format_item)
        if op in ('-is', '-isnot'):
            return operators.type_test(op, left, right)
        if op == '-join':
            return operators.join(left, right)
        name, case_sensitive = operators.operator_name(op)
        if name == 'match':
            if isinstance(left, list):
                return [item for item in left if operators.match(item, right, case_sensitive)[0]]
            result, found = operators.match(left, right, case_sensitive)
            if found is not None:
                self.scope.variables['matches'] = found
            return result
        return operators.comparison(op, left, right)

    def format_item(self, value: t.Any, spec: str) -> str:
        """One ``{n:spec}`` of the format operator."""
        if not spec:
            return operators.default_format(value)
        if isinstance(value, datetime.datetime):
            return dotnet.format_datetime(value, spec, self.session.utc_offset)
        return operators.format_number(value, spec)


_MISSING = object()


def write(out: list[t.Any], value: t.Any) -> None:
    """Write to the output stream: a collection one element at a time (about_Pipelines)."""
    if is_enumerable(value):
        out.extend(value)
    else:
        out.append(value)


def collect(items: list[t.Any]) -> t.Any:
    """A pipeline's result as a value: nothing is $null, one object itself, more an object[]."""
    if not items:
        return None
    return items[0] if len(items) == 1 else items


def catches(types: tuple[str, ...], record: ErrorRecord) -> bool:
    if not types:
        return True
    for wanted in types:
        if api.exception_is(record.exception_type, wanted):
            return True
        if record.inner is not None and api.exception_is(record.inner.exception_type, wanted):
            return True
    return False


def _null_index() -> PSError:
    return PSError('Cannot index into a null array.', 'NullArray', 'InvalidOperation')


def get_index(target: t.Any, index: t.Any) -> t.Any:
    """about_Arrays (negative indexes count from the end; out of range is $null) and
    about_Hash_Tables (a missing key is $null)."""
    if target is None:
        raise _null_index()
    if isinstance(target, Hashtable):
        return target[index]
    if isinstance(target, (list, str, bytes, bytearray)):
        if isinstance(index, list):
            return [get_index(target, item) for item in index]
        position = to_integer(index, 'System.Int32')
        if position < 0:
            position += len(target)
        if not 0 <= position < len(target):
            return None
        return target[position]
    raise LabUnsupported(f'indexing a {type(target).__name__} is not modelled')


def set_index(target: t.Any, index: t.Any, value: t.Any) -> None:
    if target is None:
        raise _null_index()
    if isinstance(target, Hashtable):
        target[index] = value
        return
    if isinstance(target, list):
        position = to_integer(index, 'System.Int32')
        if position < 0:
            position += len(target)
        if not 0 <= position < len(target):
            raise PSError('Index was outside the bounds of the array.', 'System.IndexOutOfRangeException',
                          'InvalidOperation', 'System.IndexOutOfRangeException')
        if isinstance(target, PSArray) and target.element_type != 'System.Object':
            value = convert(value, target.element_type, None)
        target[position] = value
        return
    raise LabUnsupported(f'assigning an element of a {type(target).__name__} is not modelled')

