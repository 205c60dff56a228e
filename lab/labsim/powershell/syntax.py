"""tree-sitter-powershell tree -> ``nodes``: exactly the syntax our scripts use, anything else refused.

A node type not handled here raises ``LabUnsupported`` with its line when the script is compiled,
before it runs, so a script using syntax the lab cannot execute faithfully fails every time, not
only when that line happens to run. Compilation is cached per script text.
"""

from __future__ import annotations

import functools
import re
import typing as t

import tree_sitter_powershell
from tree_sitter import Language, Node, Parser

from labsim.powershell import nodes as n
from labsim.powershell.api import LabUnsupported

#: expression levels tree-sitter always emits; with one child they are that child
_WRAPPERS = frozenset({
    'logical_expression', 'bitwise_expression', 'comparison_expression', 'additive_expression',
    'multiplicative_expression', 'format_expression', 'range_expression', 'array_literal_expression',
    'unary_expression', 'argument_expression', 'logical_argument_expression', 'bitwise_argument_expression',
    'comparison_argument_expression', 'additive_argument_expression', 'multiplicative_argument_expression',
    'format_argument_expression', 'range_argument_expression', 'pipeline_chain', 'key_expression',
})
_BINARY = frozenset({
    'logical_expression', 'bitwise_expression', 'comparison_expression', 'additive_expression',
    'multiplicative_expression', 'format_expression', 'logical_argument_expression',
    'bitwise_argument_expression', 'comparison_argument_expression', 'additive_argument_expression',
    'multiplicative_argument_expression', 'format_argument_expression',
})
#: binary operators the interpreter evaluates (``-c``/``-i`` variants of comparisons included)
_COMPARISONS = ('eq', 'ne', 'gt', 'ge', 'lt', 'le', 'like', 'notlike', 'match', 'notmatch', 'contains',
                'notcontains', 'in', 'notin', 'replace', 'split')
BINARY_OPERATORS = frozenset(
    ['-and', '-or', '-xor', '+', '-', '*', '/', '%', '-f', '-is', '-isnot', '-join']
    + [f'-{prefix}{op}' for op in _COMPARISONS for prefix in ('', 'c', 'i')])
_ESCAPES = {'0': '\0', 'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v'}
_NUMBER = re.compile(r'(0x[0-9a-f]+|\d+)(l)?(kb|mb|gb|tb|pb)?', re.IGNORECASE)
_MULTIPLIERS = {'kb': 1 << 10, 'mb': 1 << 20, 'gb': 1 << 30, 'tb': 1 << 40, 'pb': 1 << 50}
_SCOPES = ('script', 'global', 'local', 'env')


@functools.lru_cache(maxsize=None)
def _parser() -> Parser:
    return Parser(Language(tree_sitter_powershell.language()))


@functools.lru_cache(maxsize=256)
def compile_script(text: str) -> n.ScriptBlockDef:
    """The script's syntax tree; ``LabUnsupported`` (line, no script name) for syntax we do not run."""
    tree = _parser().parse(text.encode('utf-8'))
    if tree.root_node.has_error:
        bad = _first_error(tree.root_node)
        raise LabUnsupported('the script does not parse as PowerShell', line=_line(bad))
    return _Compiler().program(tree.root_node)


def _first_error(node: Node) -> Node:
    for child in node.children:
        if child.type == 'ERROR' or child.is_missing or child.has_error:
            return _first_error(child) if child.has_error and child.type != 'ERROR' else child
    return node


def _line(node: Node) -> int:
    return node.start_point[0] + 1


def _named(node: Node) -> list[Node]:
    return [child for child in node.named_children if child.type != 'comment']


def _text(node: Node) -> str:
    return node.text.decode('utf-8')


def unsupported(node: Node, what: str | None = None) -> LabUnsupported:
    return LabUnsupported(what or f'unsupported PowerShell syntax {node.type!r}: {_text(node)[:60]!r}',
                          line=_line(node))


def _unescape(text: str, here: bool = False) -> str:
    """Backtick escapes of a double-quoted string (about_Special_Characters); ``""`` is one quote."""
    out = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == '`' and i + 1 < len(text):
            following = text[i + 1]
            out.append(_ESCAPES.get(following, following))
            i += 2
            continue
        if char == '"' and not here and text[i + 1:i + 2] == '"':
            out.append('"')
            i += 2
            continue
        out.append(char)
        i += 1
    return ''.join(out)


class _Compiler:
    """One pass over the tree; methods are named after what they build."""

    # ---- scripts, blocks, statements --------------------------------------------------------------
    def program(self, node: Node) -> n.ScriptBlockDef:
        return self.script_block(node, _line(node))

    def script_block(self, node: Node, line: int) -> n.ScriptBlockDef:
        parameters = None
        advanced = should_process = False
        statements: list[t.Any] = []
        for child in _named(node):
            if child.type == 'param_block':
                parameters, advanced, should_process = self.param_block(child)
            elif child.type == 'script_block_body':
                for part in _named(child):
                    if part.type != 'statement_list':
                        raise unsupported(part)
                    statements.extend(self.statement_list(part))
            elif child.type == 'statement_list':
                statements.extend(self.statement_list(child))
            else:
                raise unsupported(child)
        return n.ScriptBlockDef(line, parameters, n.Block(line, tuple(statements)), advanced, should_process)

    def statement_list(self, node: Node) -> list[t.Any]:
        return [self.statement(child) for child in _named(node) if child.type != 'empty_statement']

    def block(self, node: Node) -> n.Block:
        """A ``{ ... }`` statement block."""
        statements: list[t.Any] = []
        for child in _named(node):
            if child.type != 'statement_list':
                raise unsupported(child)
            statements.extend(self.statement_list(child))
        return n.Block(_line(node), tuple(statements))

    def statement(self, node: Node) -> t.Any:
        kind = node.type
        if kind == 'pipeline':
            return self.pipeline(node)
        handler = getattr(self, f'stmt_{kind}', None)
        if handler is None:
            raise unsupported(node)
        return handler(node)

    def pipeline(self, node: Node) -> t.Any:
        children = _named(node)
        if len(children) == 1 and children[0].type == 'assignment_expression':
            return self.assignment(children[0])
        if len(children) != 1 or children[0].type != 'pipeline_chain':
            raise unsupported(node)
        chain = children[0]
        stages = []
        for index, child in enumerate(_named(chain)):
            if child.type == 'command':
                stages.append(self.command(child))
            elif index == 0:
                stages.append(self.expression(child))
            else:
                raise unsupported(child)
        for token in chain.children:
            if not token.is_named and token.type not in ('|',):
                raise unsupported(chain, f'unsupported pipeline operator {token.type!r}')
        return n.Pipeline(_line(node), tuple(stages))

    def assignment(self, node: Node) -> n.Assign:
        left, operator, value = (child for child in node.children if child.type != 'comment')
        op = _text(operator)
        if op not in ('=', '+=', '-=', '*='):
            raise unsupported(operator)
        target = self.expression(left.named_children[0])
        if isinstance(target, n.Cast):
            raise unsupported(left, 'typed variable assignment ([type]$x = ...) is not supported')
        if not isinstance(target, (n.Var, n.Member, n.Index)) and not (isinstance(target, n.Const) and target.value is None):
            raise unsupported(left)
        return n.Assign(_line(node), target, op, self.statement(value))

    def stmt_if_statement(self, node: Node) -> n.If:
        clauses = [(self.statement(node.child_by_field_name('condition')), self.block(_last(node, 'statement_block')))]
        otherwise = None
        for child in _named(node):
            if child.type == 'elseif_clauses':
                for clause in _named(child):
                    clauses.append((self.statement(clause.child_by_field_name('condition')),
                                    self.block(_last(clause, 'statement_block'))))
            elif child.type == 'else_clause':
                otherwise = self.block(_last(child, 'statement_block'))
        return n.If(_line(node), tuple(clauses), otherwise)

    def stmt_foreach_statement(self, node: Node) -> n.Foreach:
        children = _named(node)
        if [c.type for c in children] != ['variable', 'pipeline', 'statement_block']:
            raise unsupported(node, 'unsupported foreach form (labels or -parallel)')
        variable = self.variable(children[0])
        return n.Foreach(_line(node), variable, self.statement(children[1]), self.block(children[2]))

    def stmt_for_statement(self, node: Node) -> n.For:
        def part(field: str) -> t.Any:
            child = node.child_by_field_name(field)
            return self.statement(_named(child)[0]) if child is not None and _named(child) else None
        return n.For(_line(node), part('for_initializer'), part('for_condition'), part('for_iterator'),
                     self.block(_last(node, 'statement_block')))

    def stmt_try_statement(self, node: Node) -> n.Try:
        body = None
        catches = []
        final = None
        for child in _named(node):
            if child.type == 'statement_block':
                body = self.block(child)
            elif child.type == 'catch_clauses':
                for clause in _named(child):
                    types: list[str] = []
                    for part in _named(clause):
                        if part.type == 'catch_type_list':
                            types.extend(self.type_name(literal).name for literal in _named(part))
                    catches.append(n.Catch(_line(clause), tuple(types), self.block(_last(clause, 'statement_block'))))
            elif child.type == 'finally_clause':
                final = self.block(_last(child, 'statement_block'))
            else:
                raise unsupported(child)
        return n.Try(_line(node), body, tuple(catches), final)

    def stmt_flow_control_statement(self, node: Node) -> n.Flow:
        keyword = _text(node.children[0]).lower()
        children = _named(node)
        if keyword not in ('return', 'throw', 'break', 'continue'):
            raise unsupported(node)
        if children and keyword in ('break', 'continue'):
            raise unsupported(node, f'{keyword} with a label is not supported')
        value = self.statement(children[0]) if children else None
        return n.Flow(_line(node), keyword, value)

    def stmt_function_statement(self, node: Node) -> n.FunctionDef:
        name = None
        block = None
        for child in _named(node):
            if child.type == 'function_name':
                name = _text(child)
            elif child.type == 'script_block':
                block = self.script_block(child, _line(child))
            else:
                raise unsupported(child, 'function parameters must be declared in a param() block')
        if block is None:
            block = n.ScriptBlockDef(_line(node), None, n.Block(_line(node), ()))
        return n.FunctionDef(_line(node), name, block)

    # ---- param() ---------------------------------------------------------------------------------------
    def param_block(self, node: Node) -> tuple[tuple[n.ParameterDef, ...], bool, bool]:
        advanced = should_process = False
        parameters: list[n.ParameterDef] = []
        for child in _named(node):
            if child.type == 'attribute_list':
                for attribute in _named(child):
                    name, arguments = self.attribute(attribute)
                    if name.lower() != 'cmdletbinding':
                        raise unsupported(attribute, f'unsupported script attribute [{name}]')
                    advanced = True
                    for key, value in arguments.items():
                        if key.lower() != 'supportsshouldprocess':
                            raise unsupported(attribute, f'unsupported CmdletBinding argument {key}')
                        should_process = _flag(value)
            elif child.type == 'parameter_list':
                for parameter in _named(child):
                    declared, is_advanced = self.script_parameter(parameter)
                    parameters.append(declared)
                    advanced = advanced or is_advanced
            else:
                raise unsupported(child)
        return tuple(parameters), advanced, should_process

    def script_parameter(self, node: Node) -> tuple[n.ParameterDef, bool]:
        type_name = None
        mandatory = advanced = False
        validate_set = None
        default = None
        name = ''
        for child in _named(node):
            if child.type == 'attribute_list':
                for attribute in _named(child):
                    if attribute.named_children[0].type == 'type_literal':
                        type_name = self.type_name(attribute.named_children[0])
                        continue
                    attribute_name, arguments = self.attribute(attribute)
                    lowered = attribute_name.lower()
                    if lowered == 'parameter':
                        advanced = True
                        for key, value in arguments.items():
                            if key.lower() != 'mandatory':
                                raise unsupported(attribute, f'unsupported Parameter argument {key}')
                            mandatory = _flag(value)
                    elif lowered == 'validateset':
                        validate_set = tuple(arguments['*'])
                    else:
                        raise unsupported(attribute, f'unsupported parameter attribute [{attribute_name}]')
            elif child.type == 'variable':
                name = self.variable(child).name
            elif child.type == 'script_parameter_default':
                default = self.expression(_named(child)[0])
            else:
                raise unsupported(child)
        return n.ParameterDef(_line(node), name, type_name, mandatory, default, validate_set), advanced

    def attribute(self, node: Node) -> tuple[str, dict[str, t.Any]]:
        """``[Name(Flag, Key = constant, 'positional', ...)]``: positional constants under ``'*'``."""
        name = ''
        arguments: dict[str, t.Any] = {}
        for child in _named(node):
            if child.type == 'attribute_name':
                name = _text(child)
            elif child.type == 'attribute_arguments':
                for argument in _named(child):
                    parts = _named(argument)
                    if len(parts) == 1 and parts[0].type == 'simple_name':
                        arguments[_text(parts[0])] = True
                    elif len(parts) == 2 and parts[0].type == 'simple_name':
                        arguments[_text(parts[0])] = self.constant(parts[1])
                    elif len(parts) == 1:
                        arguments.setdefault('*', []).append(self.constant(parts[0]))
                    else:
                        raise unsupported(argument)
            else:
                raise unsupported(child)
        return name, arguments

    def constant(self, node: Node) -> t.Any:
        value = self.expression(node)
        if isinstance(value, n.Const):
            return value.value
        raise unsupported(node, 'attribute arguments must be constants')

    # ---- commands ---------------------------------------------------------------------------------------
    def command(self, node: Node) -> n.Command:
        call_operator = ''
        name: t.Any = None
        elements: list[t.Any] = []
        merge_error = False
        for child in _named(node):
            if child.type == 'command_invokation_operator':
                call_operator = _text(child)
                if call_operator != '&':
                    raise unsupported(child, 'dot-sourcing is not supported')
            elif child.type == 'command_name':
                name = _text(child)
            elif child.type == 'command_name_expr':
                inner = _named(child)[0]
                name = self.expression(_named(inner)[0] if inner.type == 'path_command_name' else inner)
            elif child.type == 'command_elements':
                merge_error = self.command_elements(child, elements)
            else:
                raise unsupported(child)
        return n.Command(_line(node), name, call_operator, tuple(elements), merge_error)

    def command_elements(self, node: Node, elements: list[t.Any]) -> bool:
        merge_error = False
        pending: n.CommandParameter | None = None
        last_value: n.CommandParameter | n.CommandArgument | None = None
        for child in node.children:
            kind = child.type
            if kind == 'comment':
                continue
            if kind == 'command_argument_sep':
                last_value = None
                if _text(child).strip() == ':' and elements and isinstance(elements[-1], n.CommandParameter):
                    pending = elements[-1]
                continue
            if kind == 'command_parameter':
                text = _text(child)
                if text.endswith(':'):
                    parameter = n.CommandParameter(_line(child), text[1:-1])
                    elements.append(parameter)
                    pending = parameter
                else:
                    elements.append(n.CommandParameter(_line(child), text[1:]))
                    pending = None
                continue
            if kind == 'redirection':
                if _text(child).replace(' ', '') != '2>&1':
                    raise unsupported(child, f'unsupported redirection {_text(child)!r}')
                merge_error = True
                continue
            if kind == 'argument_list':
                # tree-sitter splits `$a.Method(x)` in argument mode into a member access and its
                # argument list; PowerShell parses it as one method call.
                holder = last_value
                if holder is None or not isinstance(holder.value, n.Member):
                    raise unsupported(child)
                member = holder.value
                holder.value = n.Invoke(member.line, member.target, member.name, self.arguments(child), member.static)
                continue
            value = self.argument(child)
            if pending is not None:
                pending.value = value
                last_value = pending
                pending = None
            else:
                last_value = n.CommandArgument(_line(child), value)
                elements.append(last_value)
        return merge_error

    def argument(self, node: Node) -> t.Any:
        if node.type == 'generic_token':
            text = _text(node)
            if re.match(r'^\d?>', text) or text.startswith('--%'):
                raise unsupported(node, f'unsupported redirection or token {text!r}')
            return n.Const(_line(node), text)
        return self.expression(node)

    # ---- expressions ------------------------------------------------------------------------------------
    def expression(self, node: Node) -> t.Any:
        kind = node.type
        if kind in _WRAPPERS:
            children = _named(node)
            if len(children) == 1:
                return self.expression(children[0])
            if kind == 'array_literal_expression':
                return n.ArrayLit(_line(node), tuple(self.expression(child) for child in children))
            if kind in _BINARY:
                return self.binary(node)
            raise unsupported(node)
        handler = getattr(self, f'expr_{kind}', None)
        if handler is None:
            raise unsupported(node)
        return handler(node)

    def binary(self, node: Node) -> n.Binary:
        children = [child for child in node.children if child.type != 'comment']
        if len(children) != 3:
            raise unsupported(node)
        left, operator, right = children
        op = _text(operator).lower()
        if op not in BINARY_OPERATORS:
            raise unsupported(operator, f'unsupported operator {op}')
        return n.Binary(_line(node), op, self.expression(left), self.expression(right))

    def expr_pipeline(self, node: Node) -> t.Any:
        return self.pipeline(node)

    def expr_expression_with_unary_operator(self, node: Node) -> t.Any:
        children = [child for child in node.children if child.type != 'comment']
        if len(children) == 1 and children[0].type == 'cast_expression':
            return self.expression(children[0])
        if len(children) != 2:
            raise unsupported(node)
        op = _text(children[0]).lower()
        if op not in ('-not', '!', '-', ',', '+'):
            raise unsupported(children[0], f'unsupported unary operator {op}')
        return n.Unary(_line(node), op, self.expression(children[1]))

    def expr_cast_expression(self, node: Node) -> t.Any:
        type_literal, operand = _named(node)
        type_name = self.type_name(type_literal)
        return n.Cast(_line(node), type_name, self.expression(operand))

    def expr_type_literal(self, node: Node) -> n.TypeLit:
        return n.TypeLit(_line(node), self.type_name(node))

    def type_name(self, node: Node) -> n.TypeName:
        return n.TypeName(_line(node), re.sub(r'\s+', '', _text(node))[1:-1])

    def expr_post_increment_expression(self, node: Node) -> n.PostIncrement:
        return n.PostIncrement(_line(node), self._assignable(_named(node)[0]), '++')

    def expr_post_decrement_expression(self, node: Node) -> n.PostIncrement:
        return n.PostIncrement(_line(node), self._assignable(_named(node)[0]), '--')

    def _assignable(self, node: Node) -> t.Any:
        target = self.expression(node)
        if not isinstance(target, (n.Var, n.Member, n.Index)):
            raise unsupported(node)
        return target

    def expr_parenthesized_expression(self, node: Node) -> n.Paren:
        children = _named(node)
        if len(children) != 1:
            raise unsupported(node)
        return n.Paren(_line(node), self.statement(children[0]))

    def expr_sub_expression(self, node: Node) -> n.SubExpr:
        return n.SubExpr(_line(node), self._statements_of(node))

    def expr_array_expression(self, node: Node) -> n.ArrayExpr:
        return n.ArrayExpr(_line(node), self._statements_of(node))

    def _statements_of(self, node: Node) -> n.Block:
        statements: list[t.Any] = []
        for child in _named(node):
            if child.type != 'statement_list':
                raise unsupported(child)
            statements.extend(self.statement_list(child))
        return n.Block(_line(node), tuple(statements))

    def expr_script_block_expression(self, node: Node) -> n.ScriptBlockExpr:
        children = _named(node)
        if not children:
            return n.ScriptBlockExpr(_line(node), n.ScriptBlockDef(_line(node), None, n.Block(_line(node), ())))
        return n.ScriptBlockExpr(_line(node), self.script_block(children[0], _line(node)))

    def expr_hash_literal_expression(self, node: Node) -> n.HashLit:
        entries = []
        for body in _named(node):
            if body.type != 'hash_literal_body':
                raise unsupported(body)
            for entry in _named(body):
                if entry.type != 'hash_entry':
                    raise unsupported(entry)
                key_node, value_node = _named(entry)
                key_children = _named(key_node)
                if len(key_children) == 1 and key_children[0].type == 'simple_name':
                    key: t.Any = n.Const(_line(key_node), _text(key_children[0]))
                else:
                    key = self.expression(key_node)
                entries.append((key, self.statement(value_node)))
        return n.HashLit(_line(node), tuple(entries))

    def expr_member_access(self, node: Node) -> n.Member:
        target, operator, name = (child for child in node.children if child.type != 'comment')
        return n.Member(_line(node), self.expression(target), self.member_name(name), _text(operator) == '::')

    def member_name(self, node: Node) -> t.Any:
        children = _named(node)
        if len(children) == 1 and children[0].type == 'simple_name':
            return n.Const(_line(node), _text(children[0]))
        if len(children) == 1:
            return self.expression(children[0])
        raise unsupported(node)

    def expr_invokation_expression(self, node: Node) -> n.Invoke:
        children = [child for child in node.children if child.type != 'comment']
        if len(children) != 4 or children[3].type != 'argument_list':
            raise unsupported(node)
        target, operator, name, argument_list = children
        return n.Invoke(_line(node), self.expression(target), self.member_name(name), self.arguments(argument_list),
                        _text(operator) == '::')

    def arguments(self, node: Node) -> tuple[t.Any, ...]:
        """A method call's ``( a, b )``."""
        arguments: list[t.Any] = []
        for part in _named(node):
            if part.type != 'argument_expression_list':
                raise unsupported(part)
            arguments.extend(self.expression(argument) for argument in _named(part))
        return tuple(arguments)

    def expr_element_access(self, node: Node) -> n.Index:
        target, index = _named(node)
        return n.Index(_line(node), self.expression(target), self.expression(index))

    def expr_variable(self, node: Node) -> t.Any:
        variable = self.variable(node)
        if not variable.scope and not variable.splat:
            constant = {'true': True, 'false': False, 'null': None}.get(variable.name.lower(), ...)
            if constant is not ...:
                return n.Const(variable.line, constant)
        return variable

    def variable(self, node: Node) -> n.Var:
        text = _text(node)
        splat = text.startswith('@')
        name = text[1:]
        if name.startswith('{') and name.endswith('}'):
            name = name[1:-1]
        scope = ''
        if ':' in name:
            scope, name = name.split(':', 1)
            if scope.lower() not in _SCOPES:
                raise unsupported(node, f'unsupported variable scope or drive {scope!r}')
            scope = scope.lower()
        return n.Var(_line(node), name, scope, splat)

    def expr_integer_literal(self, node: Node) -> n.Const:
        match = _NUMBER.fullmatch(_text(node))
        if not match:
            raise unsupported(node)
        digits, _long, multiplier = match.groups()
        value = int(digits, 16) if digits.lower().startswith('0x') else int(digits)
        return n.Const(_line(node), value * _MULTIPLIERS.get((multiplier or '').lower(), 1))

    def expr_real_literal(self, node: Node) -> n.Const:
        text = _text(node)
        if not re.fullmatch(r'\d*\.?\d+(e[+-]?\d+)?', text, re.IGNORECASE):
            raise unsupported(node)
        return n.Const(_line(node), float(text))

    def expr_string_literal(self, node: Node) -> t.Any:
        return self.expression(_named(node)[0])

    def expr_verbatim_string_characters(self, node: Node) -> n.Const:
        return n.Const(_line(node), _text(node)[1:-1].replace("''", "'"))

    def expr_verbatim_here_string_characters(self, node: Node) -> n.Const:
        return n.Const(_line(node), _here_body(_text(node)))

    def expr_expandable_string_literal(self, node: Node) -> t.Any:
        return self._expandable(node, here=False)

    def expr_expandable_here_string_literal(self, node: Node) -> t.Any:
        return self._expandable(node, here=True)

    def _expandable(self, node: Node, here: bool) -> t.Any:
        source = node.text
        start = node.start_byte
        parts: list[t.Any] = []
        cursor = 0
        for child in _named(node):
            parts.append(source[cursor:child.start_byte - start].decode('utf-8'))
            parts.append(self.expression(child))
            cursor = child.end_byte - start
        parts.append(source[cursor:].decode('utf-8'))
        if here:
            parts[0] = parts[0][2:].lstrip(' \t')
            parts[0] = parts[0][2:] if parts[0].startswith('\r\n') else parts[0][1:]
            parts[-1] = re.sub(r'\r?\n[ \t]*"@$', '', parts[-1])
        else:
            parts[0] = parts[0][1:]
            parts[-1] = parts[-1][:-1]
        built = tuple(_unescape(part, here) if isinstance(part, str) else part for part in parts)
        built = tuple(part for part in built if part != '')
        if all(isinstance(part, str) for part in built):
            return n.Const(_line(node), ''.join(built))
        return n.Expand(_line(node), built)


def _here_body(text: str) -> str:
    body = text[2:]
    body = body[2:] if body.startswith('\r\n') else body[1:]
    return re.sub(r'\r?\n[ \t]*\'@$', '', body)


def _last(node: Node, kind: str) -> Node:
    return [child for child in node.named_children if child.type == kind][-1]


def _flag(value: t.Any) -> bool:
    if isinstance(value, bool):
        return value
    raise LabUnsupported(f'attribute flag must be $true/$false, got {value!r}')
