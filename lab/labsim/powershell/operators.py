"""PowerShell's binary operators on lab values.

Sources (Windows PowerShell 5.1): about_Comparison_Operators (case-insensitive by default, ``-c``
variants, a collection on the left filters, the right operand converted to the left operand's
type), about_Arithmetic_Operators (``+`` on strings, arrays and hashtables), about_Operators
(format operator ``-f``: .NET composite formatting), about_Regular_Expressions (``$Matches``),
about_Split / about_Join.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import typing as t

from labsim.powershell.api import DotNetObject, Hashtable, LabUnsupported, PSEnum, PSError
from labsim.powershell.values import (
    convert, dotnet_to_string, format_double, is_instance, parse_number, to_bool, to_number, to_string,
    type_name_of)

# ---- equality and ordering -------------------------------------------------------------------------


def equals(left: t.Any, right: t.Any, case_sensitive: bool = False) -> bool:
    """Scalar ``-eq``: the right operand converted to the left operand's type; a failed conversion is
    simply unequal."""
    if left is None:
        return right is None
    if right is None:
        return False
    if isinstance(left, str):
        text = to_string(right)
        return left == text if case_sensitive else left.lower() == text.lower()
    if isinstance(left, bool):
        return left == to_bool(right)
    if isinstance(left, (int, float)):
        if isinstance(right, str):
            number = parse_number(right) if right.strip() else None
            return number is not None and left == number
        if isinstance(right, (bool, int, float)):
            return left == right
        if isinstance(right, PSEnum):
            return left == right.value
        return False
    if isinstance(left, PSEnum):
        if isinstance(right, PSEnum):
            return left.type_name == right.type_name and left.value == right.value
        if isinstance(right, str):
            return left.name.lower() == right.strip().lower() if not case_sensitive else left.name == right.strip()
        if isinstance(right, (int, float)) and not isinstance(right, bool):
            return left.value == right
        return False
    if isinstance(left, datetime.datetime):
        if isinstance(right, datetime.datetime):
            return left == right
        return False
    if isinstance(left, DotNetObject):
        return left == right
    return left is right


def _ordering_key(left: t.Any, right: t.Any, case_sensitive: bool) -> tuple[t.Any, t.Any]:
    """Both operands as comparable Python values, the right converted to the left's type."""
    if isinstance(left, str):
        right_text = to_string(right)
        return (left, right_text) if case_sensitive else (left.lower(), right_text.lower())
    if isinstance(left, bool):
        return int(left), int(to_bool(right))
    if isinstance(left, (int, float)):
        return left, to_number(right)
    if isinstance(left, PSEnum):
        if isinstance(right, str):
            return left.value, convert(right, left.type_name).value
        return left.value, to_number(right)
    if isinstance(left, datetime.datetime):
        return left, convert(right, 'datetime')
    raise LabUnsupported(f'ordering comparison of {type_name_of(left)} is not modelled')


def compare(op: str, left: t.Any, right: t.Any, case_sensitive: bool) -> bool:
    """Scalar ``-lt -le -gt -ge``; $null sorts before everything."""
    if left is None or right is None:
        a, b = (0 if left is None else 1), (0 if right is None else 1)
        if left is not None and right is None and isinstance(left, (int, float)) and not isinstance(left, bool):
            a, b = left, 0
    else:
        a, b = _ordering_key(left, right, case_sensitive)
    return {'lt': a < b, 'le': a <= b, 'gt': a > b, 'ge': a >= b}[op]


# ---- wildcards and regular expressions ------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def wildcard_regex(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """about_Wildcards: ``*``, ``?``, ``[a-z]``, backtick escapes."""
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == '`' and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if char == '*':
            out.append('.*')
        elif char == '?':
            out.append('.')
        elif char == '[':
            end = pattern.find(']', i + 1)
            if end == -1:
                raise PSError(f'The specified wildcard character pattern is not valid: {pattern}',
                              'RuntimeException', 'NotSpecified',
                              'System.Management.Automation.WildcardPatternException')
            out.append('[' + pattern[i + 1:end].replace('\\', '\\\\') + ']')
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile(''.join(out) + r'\Z', re.DOTALL | (0 if case_sensitive else re.IGNORECASE))


def like(left: t.Any, pattern: t.Any, case_sensitive: bool) -> bool:
    return wildcard_regex(to_string(pattern), case_sensitive).match(to_string(left)) is not None


_NAMED_GROUP = re.compile(r'\(\?<(?![=!])')


def dotnet_regex(pattern: str, case_sensitive: bool) -> re.Pattern[str]:
    """A .NET regular expression as Python's ``re`` (named groups ``(?<n>...)`` spelled ``(?P<n>...)``)."""
    try:
        return re.compile(_NAMED_GROUP.sub('(?P<', pattern), 0 if case_sensitive else re.IGNORECASE)
    except re.error as error:
        raise PSError(f'The regular expression pattern {pattern} is not valid.', 'InvalidRegularExpression',
                      'InvalidOperation', 'System.Management.Automation.RuntimeException', pattern) from error


def match(left: t.Any, pattern: t.Any, case_sensitive: bool) -> tuple[bool, Hashtable | None]:
    """Scalar ``-match``: the result and the new ``$Matches`` (None when it did not match)."""
    found = dotnet_regex(to_string(pattern), case_sensitive).search(to_string(left))
    if not found:
        return False, None
    matches = Hashtable()
    matches[0] = found.group(0)
    for index in range(1, (found.re.groups or 0) + 1):
        if found.group(index) is not None:
            matches[index] = found.group(index)
    for name, value in found.groupdict().items():
        if value is not None:
            matches[name] = value
    return True, matches


def _replacement(template: str) -> t.Callable[[re.Match[str]], str]:
    """.NET substitutions: ``$1``, ``${name}``, ``$0``/``$&``, ``$$``."""
    token = re.compile(r'\$(\$|&|\d+|\{[^}]+\})')

    def expand(found: re.Match[str]) -> str:
        def one(sub: re.Match[str]) -> str:
            key = sub.group(1)
            if key == '$':
                return '$'
            if key == '&':
                return found.group(0)
            if key.startswith('{'):
                key = key[1:-1]
            try:
                return found.group(int(key) if key.isdigit() else key) or ''
            except (IndexError, re.error):
                return sub.group(0)
        return token.sub(one, template)
    return expand


def replace(left: t.Any, right: t.Any, case_sensitive: bool) -> t.Any:
    operands = right if isinstance(right, list) else [right]
    if len(operands) not in (1, 2):
        raise PSError('The -replace operator allows only two elements to follow it, not ' + str(len(operands)) + '.',
                      'BadReplaceArgument', 'InvalidOperation')
    pattern = dotnet_regex(to_string(operands[0]), case_sensitive)
    substitute = _replacement(to_string(operands[1]) if len(operands) == 2 else '')
    if isinstance(left, list):
        return [pattern.sub(substitute, to_string(item)) for item in left]
    return pattern.sub(substitute, to_string(left))


def split(left: t.Any, right: t.Any, case_sensitive: bool) -> list[str]:
    operands = right if isinstance(right, list) else [right]
    pattern = dotnet_regex(to_string(operands[0]), case_sensitive)
    limit = int(to_number(operands[1])) if len(operands) > 1 else 0
    items = left if isinstance(left, list) else [left]
    result: list[str] = []
    for item in items:
        result.extend(pattern.split(to_string(item), maxsplit=max(limit - 1, 0)))
    return result


# ---- arithmetic --------------------------------------------------------------------------------------


def _no_method(left: t.Any, method: str) -> PSError:
    return PSError(f'Method invocation failed because [{type_name_of(left)}] does not contain a method named '
                   f"'{method}'.", 'MethodNotFound', 'InvalidOperation')


def add(left: t.Any, right: t.Any) -> t.Any:
    if left is None:
        return list(right) if isinstance(right, list) else right
    if isinstance(left, list):
        return list(left) + (list(right) if isinstance(right, list) else [right])
    if isinstance(left, Hashtable):
        if not isinstance(right, Hashtable):
            raise PSError('A hash table can only be added to another hash table.', 'AddHashTableToNonHashTable',
                          'InvalidOperation')
        merged = left.clone()
        for key, value in right.items():
            if key in merged:
                raise PSError(f"Item has already been added. Key in dictionary: '{key}'  Key being added: '{key}'",
                              'System.ArgumentException', 'NotSpecified', 'System.ArgumentException')
            merged[key] = value
        return merged
    if isinstance(left, str):
        return left + to_string(right)
    if isinstance(left, (int, float)):
        return left + to_number(right)
    raise _no_method(left, 'op_Addition')


def arithmetic(op: str, left: t.Any, right: t.Any) -> t.Any:
    """``- * / %`` (``+`` is ``add``)."""
    if op == '*':
        if isinstance(left, str):
            return left * int(to_number(right))
        if isinstance(left, list):
            return list(left) * int(to_number(right))
    if not (left is None or isinstance(left, (int, float, str))):
        raise _no_method(left, {'-': 'op_Subtraction', '*': 'op_Multiply', '/': 'op_Division', '%': 'op_Modulus'}[op])
    a, b = to_number(left), to_number(right)
    if op == '-':
        return a - b
    if op == '*':
        return a * b
    if b == 0 and (op == '%' or isinstance(a, int) and isinstance(b, int)):
        raise PSError('Attempted to divide by zero.', 'RuntimeException', 'NotSpecified',
                      'System.Management.Automation.RuntimeException')
    if op == '/':
        if isinstance(a, int) and isinstance(b, int) and a % b == 0:
            return a // b
        return a / b if b else (math.copysign(math.inf, a) if a else math.nan)
    if isinstance(a, int) and isinstance(b, int):
        return int(math.fmod(a, b))
    return math.fmod(a, b)


# ---- dispatch ----------------------------------------------------------------------------------------


def operator_name(op: str) -> tuple[str, bool]:
    """``-ceq`` -> ('eq', True); ``-ieq`` / ``-eq`` -> ('eq', False)."""
    body = op[1:]
    if body[:1] in ('c', 'i') and (body[1:] in _SCALAR or body[1:] in _MEMBERSHIP or body[1:] in _OTHERS):
        return body[1:], body[0] == 'c'
    return body, False


def comparison(op: str, left: t.Any, right: t.Any) -> t.Any:
    """Every comparison operator except ``-match`` (which sets $Matches: see ``match``)."""
    name, case_sensitive = operator_name(op)
    if name in ('replace', 'split'):
        return (replace if name == 'replace' else split)(left, right, case_sensitive)
    if name in _MEMBERSHIP:
        collection, item = (left, right) if name in ('contains', 'notcontains') else (right, left)
        items = collection if isinstance(collection, list) else [collection]
        found = any(equals(element, item, case_sensitive) for element in items)
        return found if not name.startswith('not') else not found
    test = _SCALAR[name]
    if isinstance(left, list):
        return [item for item in left if test(item, right, case_sensitive)]
    return test(left, right, case_sensitive)


_SCALAR: dict[str, t.Callable[[t.Any, t.Any, bool], bool]] = {
    'eq': equals,
    'ne': lambda a, b, c: not equals(a, b, c),
    'lt': lambda a, b, c: compare('lt', a, b, c),
    'le': lambda a, b, c: compare('le', a, b, c),
    'gt': lambda a, b, c: compare('gt', a, b, c),
    'ge': lambda a, b, c: compare('ge', a, b, c),
    'like': like,
    'notlike': lambda a, b, c: not like(a, b, c),
    'notmatch': lambda a, b, c: not match(a, b, c)[0],
}
_MEMBERSHIP = ('contains', 'notcontains', 'in', 'notin')
_OTHERS = ('match', 'replace', 'split')


def type_test(op: str, left: t.Any, right: t.Any) -> bool:
    """``-is`` / ``-isnot`` with a type literal or a type name on the right."""
    name = getattr(right, 'name', None) if not isinstance(right, str) else right
    if not isinstance(name, str):
        raise LabUnsupported(f'-is with a {type_name_of(right)} on the right is not modelled')
    result = is_instance(left, name)
    return result if op == '-is' else not result


def join(left: t.Any, right: t.Any) -> str:
    items = left if isinstance(left, list) else [left]
    return to_string(right).join(to_string(item) for item in items)


# ---- the format operator ---------------------------------------------------------------------------


_FORMAT_ITEM = re.compile(r'\{\{|\}\}|\{(\d+)(?:,(-?\d+))?(?::([^}]*))?\}|[{}]')


def format_operator(template: t.Any, arguments: t.Any, format_value: t.Callable[[t.Any, str], str]) -> str:
    """``'{0}.{1}' -f $a, $b``: .NET String.Format. ``format_value(value, spec)`` formats one item."""
    values = arguments if isinstance(arguments, list) else [arguments]
    text = to_string(template)

    def one(found: re.Match[str]) -> str:
        token = found.group(0)
        if token == '{{':
            return '{'
        if token == '}}':
            return '}'
        if found.group(1) is None:
            raise _format_error('Input string was not in a correct format.')
        index = int(found.group(1))
        if index >= len(values):
            raise _format_error('Index (zero based) must be greater than or equal to zero and less than the size '
                                'of the argument list.')
        rendered = format_value(values[index], found.group(3) or '')
        width = int(found.group(2) or 0)
        return rendered.rjust(width) if width > 0 else rendered.ljust(-width)
    return _FORMAT_ITEM.sub(one, text)


def _format_error(detail: str) -> PSError:
    return PSError(f'Error formatting a string: {detail}.', 'FormatError', 'InvalidOperation',
                   'System.Management.Automation.RuntimeException')


def format_number(value: t.Any, spec: str) -> str:
    """Standard numeric format strings N, D, F, X (invariant culture)."""
    kind, digits = spec[:1], spec[1:]
    if kind.upper() not in ('N', 'D', 'F', 'X') or (digits and not digits.isdigit()):
        raise LabUnsupported(f'numeric format {spec!r} is not modelled')
    number = to_number(value)
    upper = kind.upper()
    if upper == 'N':
        return f'{number:,.{int(digits) if digits else 2}f}'
    if upper == 'F':
        return f'{number:.{int(digits) if digits else 2}f}'
    if not isinstance(number, int):
        raise PSError('Format specifier was invalid.', 'FormatError', 'InvalidOperation')
    if upper == 'D':
        return f'{number:0{int(digits or 0)}d}' if number >= 0 else '-' + f'{-number:0{int(digits or 0)}d}'
    text = f'{number:0{int(digits or 0)}x}'
    return text.upper() if kind == 'X' else text


def default_format(value: t.Any) -> str:
    """An item of ``-f`` without a format string: .NET ToString()."""
    if isinstance(value, float):
        return format_double(value)
    return dotnet_to_string(value)
