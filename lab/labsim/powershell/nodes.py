"""The interpreter's syntax tree: the tree-sitter-powershell tree reduced to what evaluation needs.

tree-sitter nests every expression ten levels deep (logical -> bitwise -> comparison -> ... ->
unary); walking that for every evaluation would dominate a probe's run time. ``syntax.compile_script``
builds these nodes once per script text, dropping the single-child wrappers, so evaluation only
sees the operations that are actually written. Every node keeps its 1-based line for errors and
the coverage record.
"""

from __future__ import annotations

import dataclasses
import typing as t

node = dataclasses.dataclass(slots=True, eq=False)


# ---- expressions ------------------------------------------------------------------------------------


@node
class Const:
    line: int
    value: t.Any


@node
class Var:
    """``$name``, ``$script:name``, ``$env:NAME``; ``splat`` for ``@name`` in a command argument."""

    line: int
    name: str
    scope: str = ''
    splat: bool = False


@node
class Expand:
    """A double-quoted string: literal text and embedded ``$var`` / ``$( ... )`` parts in order."""

    line: int
    parts: tuple[t.Any, ...]


@node
class ArrayExpr:
    """``@( ... )``: the statements' output, always an array."""

    line: int
    body: 'Block'


@node
class SubExpr:
    """``$( ... )``: the statements' output collected like a pipeline's."""

    line: int
    body: 'Block'


@node
class Paren:
    """``( pipeline )``."""

    line: int
    statement: t.Any


@node
class HashLit:
    line: int
    entries: tuple[tuple[t.Any, t.Any], ...]


@node
class TypeName:
    """A type as written between brackets, e.g. ``string[]``, ``Nullable[bool]``."""

    line: int
    name: str


@node
class Cast:
    line: int
    type: TypeName
    operand: t.Any


@node
class TypeLit:
    """A type used as a value: ``[System.Security.Principal.SecurityIdentifier]``."""

    line: int
    type: TypeName


@node
class Member:
    """``$x.Name`` / ``[Type]::Name``; ``name`` is an expression (``$x.'Site Code'``)."""

    line: int
    target: t.Any
    name: t.Any
    static: bool = False


@node
class Invoke:
    """``$x.Method(args)`` / ``[Type]::Method(args)``."""

    line: int
    target: t.Any
    name: t.Any
    args: tuple[t.Any, ...]
    static: bool = False


@node
class Index:
    line: int
    target: t.Any
    index: t.Any


@node
class Unary:
    """``-not``, ``!``, ``-`` (negation), ``,`` (unary comma)."""

    line: int
    op: str
    operand: t.Any


@node
class PostIncrement:
    line: int
    target: t.Any
    op: str


@node
class Binary:
    """Every binary operator, ``op`` lower case as written (``-eq``, ``-ceq``, ``+``, ``-f``, ``-and``)."""

    line: int
    op: str
    left: t.Any
    right: t.Any


@node
class ArrayLit:
    """``a, b, c``."""

    line: int
    items: tuple[t.Any, ...]


@node
class ScriptBlockExpr:
    line: int
    block: 'ScriptBlockDef'


# ---- commands ---------------------------------------------------------------------------------------


@node
class CommandParameter:
    """``-Name`` (value None: a switch or the next argument is its value) or ``-Name:value``."""

    line: int
    name: str
    value: t.Any = None


@node
class CommandArgument:
    line: int
    value: t.Any


@node
class Command:
    """A command in a pipeline. ``name`` is a string for a bareword name, else an expression
    (``& $path``); ``merge_error`` is ``2>&1``."""

    line: int
    name: t.Any
    call_operator: str
    elements: tuple[t.Any, ...]
    merge_error: bool = False


# ---- statements -------------------------------------------------------------------------------------


@node
class Block:
    line: int
    statements: tuple[t.Any, ...]


@node
class Pipeline:
    """``stages[0]`` is an expression or a command; later stages are commands."""

    line: int
    stages: tuple[t.Any, ...]


@node
class Assign:
    line: int
    target: t.Any
    op: str
    value: t.Any


@node
class If:
    line: int
    clauses: tuple[tuple[t.Any, Block], ...]
    otherwise: Block | None


@node
class Foreach:
    line: int
    variable: Var
    source: t.Any
    body: Block


@node
class For:
    line: int
    init: t.Any
    condition: t.Any
    step: t.Any
    body: Block


@node
class Catch:
    line: int
    types: tuple[str, ...]
    body: Block


@node
class Try:
    line: int
    body: Block
    catches: tuple[Catch, ...]
    final: Block | None


@node
class Flow:
    """``return``, ``throw``, ``break``, ``continue`` with an optional value."""

    line: int
    kind: str
    value: t.Any = None


@node
class ParameterDef:
    line: int
    name: str
    type: TypeName | None
    mandatory: bool
    default: t.Any
    validate_set: tuple[str, ...] | None


@node
class ScriptBlockDef:
    """A script, a function body or a ``{ ... }`` literal. ``parameters`` is None without param();
    ``advanced`` when [CmdletBinding()] is present."""

    line: int
    parameters: tuple[ParameterDef, ...] | None
    body: Block
    advanced: bool = False
    supports_should_process: bool = False


@node
class FunctionDef:
    line: int
    name: str
    block: ScriptBlockDef
