"""PowerShell wildcards (about_Wildcards): ``*``, ``?``, ``[a-z]`` and the backtick escape, matched
case-insensitively as providers and cmdlets such as Get-WindowsFeature -Name do.
https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_wildcards?view=powershell-5.1
"""

from __future__ import annotations

import re

from labsim.powershell import operators


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


def matches(pattern: str, text: str) -> bool:
    """The same WildcardPattern as ``-like`` (one implementation: labsim.powershell.operators)."""
    return operators.wildcard_regex(pattern).match(text) is not None


def unescape(pattern: str) -> str:
    """WildcardPattern.Unescape: a literal name from a pattern without wildcards."""
    return re.sub(r'`(.)', r'\1', pattern)
