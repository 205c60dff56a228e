# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Input rules shared by the action plugins: each raises InvalidInput naming the option.

PRIVATE to configmgr.sup. They run on the controller before any call to the host, so a typo
in an inventory fails in milliseconds with a message that says which option and which rule.
"""

from __future__ import annotations

import re

from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import InvalidInput

_DRIVE_PATH = re.compile(r'^[A-Za-z]:\\')
_BAD_PATH_CHARS = re.compile(r'[<>"|?*\x00-\x1f]')
_HOST_LABEL = re.compile(r'^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$')
_SQL_INSTANCE = re.compile(r'^[A-Za-z_][A-Za-z0-9_$#]{0,15}$')


def local_absolute_path(option: str, value: str) -> str:
    """A Windows path on a local drive (``D:\\WSUS``); no UNC, no relative, no wildcard."""
    if not value or not value.strip():
        raise InvalidInput(option, 'must not be empty')
    if value.startswith('\\\\') or value.startswith('//'):
        raise InvalidInput(option, f'must be a path on a local drive such as D:\\WSUS, not a UNC path: {value!r}')
    if not _DRIVE_PATH.match(value):
        raise InvalidInput(option, f'must be an absolute local path such as D:\\WSUS (drive letter, colon, backslash): {value!r}')
    if _BAD_PATH_CHARS.search(value[2:]) or ':' in value[2:]:
        raise InvalidInput(option, f'contains characters Windows does not allow in a path: {value!r}')
    if any(part in ('.', '..') for part in value[3:].split('\\')):
        raise InvalidInput(option, f'must not contain "." or ".." segments: {value!r}')
    return value


def hostname(option: str, value: str) -> str:
    """A short host name or an FQDN (RFC 1123 labels)."""
    if not value or len(value) > 253:
        raise InvalidInput(option, f'must be a host name or FQDN of at most 253 characters: {value!r}')
    if not all(_HOST_LABEL.match(label) for label in value.rstrip('.').split('.')):
        raise InvalidInput(option, f'is not a valid host name or FQDN (letters, digits, hyphens, dots): {value!r}')
    return value


def sql_instance(option: str, value: str) -> str:
    """``host`` (default instance) or ``host\\instance`` as WsusUtil SQL_INSTANCE_NAME takes it."""
    if not value or not value.strip():
        raise InvalidInput(option, 'must not be empty')
    host, sep, instance = value.partition('\\')
    hostname(option, host)
    if sep and not _SQL_INSTANCE.match(instance):
        raise InvalidInput(option, f'has an invalid instance name after the backslash (at most 16 letters, '
                                   f'digits, _ $ #, starting with a letter or _): {value!r}')
    return value


def without_trailing_separator(path: str) -> str:
    """``D:\\WSUS\\`` -> ``D:\\WSUS``; a drive root (``D:\\``) keeps its backslash."""
    stripped = path.rstrip('\\')
    return path[:3] if len(stripped) == 2 and stripped.endswith(':') else stripped


def same_windows_path(left: str | None, right: str | None) -> bool:
    """Windows paths compare case-insensitively and ignore a trailing backslash."""
    if left is None or right is None:
        return left == right
    return left.rstrip('\\').lower() == right.rstrip('\\').lower()


_THUMBPRINT = re.compile(r'^[0-9A-F]{40}$')
# Characters the certificate MMC puts around a copied thumbprint: spaces and invisible marks.
_THUMBPRINT_NOISE = re.compile(r'[\s\u200e\u200f\ufeff]')
_NETBIOS_DOMAIN = re.compile(r'^[A-Za-z0-9][A-Za-z0-9.\-_!#$%&\'()^{}~]{0,14}$')
# sAMAccountName: at most 20 characters, none of " / \ [ ] : ; | = , + * ? < > @
_SAM_ACCOUNT = re.compile(r'^[^"/\\\[\]:;|=,+*?<>@\s][^"/\\\[\]:;|=,+*?<>@]{0,19}$')
_UPN_USER = re.compile(r'^[A-Za-z0-9.!#$%&\'*+/=?^_`{|}~-]{1,64}$')
_SITE_CODE = re.compile(r'^[A-Za-z0-9]{3}$')


def fqdn(option: str, value: str) -> str:
    """A fully qualified domain name: a host name with at least one dot."""
    hostname(option, value)
    if '.' not in value.rstrip('.'):
        raise InvalidInput(option, f'must be a fully qualified domain name such as sup01.contoso.com, '
                                   f'not a short name: {value!r}')
    return value


def thumbprint(option: str, value: str) -> str:
    """A SHA-1 certificate thumbprint, normalised (spaces and invisible marks removed, upper case)."""
    cleaned = _THUMBPRINT_NOISE.sub('', value or '').upper()
    if not _THUMBPRINT.match(cleaned):
        raise InvalidInput(option, f'must be a certificate thumbprint of 40 hexadecimal characters: {value!r}')
    return cleaned


def domain_account(option: str, value: str) -> str:
    """``DOMAIN\\user`` or a UPN ``user@dns.domain``; returns it unchanged."""
    if not value or not value.strip():
        raise InvalidInput(option, 'must not be empty')
    if '\\' in value:
        domain, user = value.split('\\', 1)
        if not _NETBIOS_DOMAIN.match(domain) or not _SAM_ACCOUNT.match(user):
            raise InvalidInput(option, f'must be a domain account as DOMAIN\\user (NetBIOS domain of at most 15 '
                                       f'characters, user name of at most 20) or a UPN user@domain: {value!r}')
        return value
    user, at_sign, domain = value.partition('@')
    if not at_sign or not _UPN_USER.match(user):
        raise InvalidInput(option, f'must be a domain account as DOMAIN\\user or a UPN user@domain: {value!r}')
    fqdn(option, domain)
    return value


def site_code(option: str, value: str) -> str:
    """A Configuration Manager site code: three letters or digits."""
    if not _SITE_CODE.match(value or ''):
        raise InvalidInput(option, f'must be a Configuration Manager site code of three letters or digits: {value!r}')
    return value.upper()
