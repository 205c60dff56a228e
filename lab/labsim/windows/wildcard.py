"""PowerShell wildcards (about_Wildcards): ``*``, ``?``, ``[a-z]`` and the backtick escape, matched
case-insensitively as providers and cmdlets such as Get-WindowsFeature -Name do.
https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_wildcards?view=powershell-5.1
"""

from __future__ import annotations

import functools
import re


def has_wildcards(text: str) -> bool:
    """WildcardPattern.ContainsWildcardCharacters: an unescaped *, ? or [."""
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == '`':
            escaped = True
        elif char in '*?[':
            return True
    return False


@functools.lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str]:
    out, i = [], 0
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
                out.append(re.escape(char))
            else:
                out.append('[' + pattern[i + 1:end].replace('\\', '\\\\') + ']')
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile(''.join(out) + r'\Z', re.IGNORECASE | re.DOTALL)


def matches(pattern: str, text: str) -> bool:
    return _compile(pattern).match(text) is not None


def unescape(pattern: str) -> str:
    """WildcardPattern.Unescape: a literal name from a pattern without wildcards."""
    return re.sub(r'`(.)', r'\1', pattern)
