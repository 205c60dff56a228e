# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading Configuration Manager site control data the probes return, for the ConfigMgr-side modules.

PRIVATE to configmgr.sup. The probes return each site control object's embedded properties as
``{name: {value, value1, value2}}`` (SMS_EmbeddedProperty). Which of the three fields a property
uses is site control knowledge (ConfigMgrCBDsc CMSiteSystemServer / CMSoftwareUpdatePoint read the
same fields), so it lives here, once.
"""

from __future__ import annotations

import typing as t

from ansible_collections.configmgr.sup.plugins.plugin_utils import _validators as validate
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import InvalidInput

#: embedded properties that keep a string, and in which field (the rest are numbers in ``value``)
STRING_FIELD = {
    'Server Remote Public Name': 'value1',
    'Server Remote Name': 'value1',
    'UserName': 'value2',
    'ProxyName': 'value2',
    'ProxyUserName': 'value2',
    'WSUSAccessAccount': 'value2',
}
#: client_connection option <-> ClientConnectionType cmdlet value <-> (IsINF, IsIntranet) props
CONNECTION_TYPES = {'intranet': 'Intranet', 'internet': 'Internet', 'both': 'InternetAndIntranet'}
CONNECTION_PROPS = {(0, 1): 'intranet', (1, 0): 'internet', (1, 1): 'both'}


def prop(props: dict[str, t.Any], name: str, default: t.Any = None) -> t.Any:
    """One embedded property, from the field it lives in; strings come back stripped, '' as None."""
    entry = props.get(name)
    if not isinstance(entry, dict):
        return default
    if name in STRING_FIELD:
        return (entry.get(STRING_FIELD[name]) or '').strip() or default
    value = entry.get('value')
    return default if value is None else int(value)


#: module option -> the embedded properties it is read from (and the apply changes)
SERVER_PROPS = {'public_fqdn': ['Server Remote Public Name'], 'install_account': ['UseMachineAccount', 'UserName'],
                'site_server_initiated_transfers': ['FDMOperation']}
SUP_PROPS = {'http_port': ['WSUSIISPort'], 'https_port': ['WSUSIISSSLPort'], 'ssl': ['SSLWSUS'],
             'client_connection': ['IsINF', 'IsIntranet'], 'cloud_gateway': ['AllowProxyTraffic'],
             'connection_account': ['WSUSAccessAccount'], 'sync_uses_proxy': ['UseProxy'],
             'adr_uses_proxy': ['UseProxyForADR']}
PROXY_PROPS = ['UseProxy', 'ProxyName', 'ProxyServerPort', 'AnonymousProxyAccess', 'ProxyUserName']


def site_system_settings(props: dict[str, t.Any]) -> dict[str, t.Any]:
    """The "SMS Site System" settings this collection manages, as module options name them."""
    machine = prop(props, 'UseMachineAccount', 1) == 1
    return {
        'public_fqdn': prop(props, 'Server Remote Public Name', ''),
        'install_account': '' if machine else prop(props, 'UserName', ''),
        'site_server_initiated_transfers': prop(props, 'FDMOperation', 0) == 1,
    }


def proxy_settings(props: dict[str, t.Any]) -> dict[str, t.Any]:
    """The site system proxy: shared by every role of the server."""
    enabled = prop(props, 'UseProxy', 0) == 1
    return {
        'enabled': enabled,
        'server': prop(props, 'ProxyName', '') if enabled else '',
        'port': prop(props, 'ProxyServerPort', 80) if enabled else None,
        'username': prop(props, 'ProxyUserName', '') if enabled and prop(props, 'AnonymousProxyAccess', 1) == 0 else '',
    }


def sup_settings(props: dict[str, t.Any]) -> dict[str, t.Any]:
    """The software update point settings sup_role manages."""
    connection = CONNECTION_PROPS.get((prop(props, 'IsINF', 0), prop(props, 'IsIntranet', 1)), 'intranet')
    return {
        'http_port': prop(props, 'WSUSIISPort', 8530),
        'https_port': prop(props, 'WSUSIISSSLPort', 8531),
        'ssl': prop(props, 'SSLWSUS', 0) == 1,
        'client_connection': connection,
        'cloud_gateway': prop(props, 'AllowProxyTraffic', 0) == 1,
        'connection_account': prop(props, 'WSUSAccessAccount', ''),
    }


def sup_proxy_flags(props: dict[str, t.Any]) -> dict[str, bool]:
    return {'sync_uses_proxy': prop(props, 'UseProxy', 0) == 1,
            'adr_uses_proxy': prop(props, 'UseProxyForADR', 0) == 1}


def expected_props(kind: str, props: dict[str, t.Any], names: t.Iterable[str]) -> dict[str, t.Any]:
    """Compare-and-set values (engine ``Plan.expected``) of embedded properties as the probe read them:
    ``'sup/WSUSIISPort/value': 8530``, the path into what _site_system_current.ps1 reads again (``kind`` is
    ``server`` or ``sup``); a property the object does not have is None."""
    expected = {}
    for name in names:
        entry = props.get(name)
        field = STRING_FIELD.get(name, 'value')
        expected[f'{kind}/{name}/{field}'] = entry.get(field) if isinstance(entry, dict) else None
    return expected


def check_target(params: dict[str, t.Any]) -> None:
    """``site_system`` is an FQDN; ``site_code`` three letters or digits (normalised to upper case)."""
    params['site_system'] = validate.fqdn('site_system', params['site_system']).rstrip('.').lower()
    if params.get('site_code') is not None:
        params['site_code'] = validate.site_code('site_code', params['site_code'])


def site_system_probe(params: dict[str, t.Any], accounts: list[str | None]) -> dict[str, t.Any]:
    """Parameters of a site-system probe (_site_system_probe.ps1): the server, the site code when
    given, and the ConfigMgr accounts whose existence the plan needs."""
    probe: dict[str, t.Any] = {'SiteSystemServerName': params['site_system']}
    if params.get('site_code'):
        probe['SiteCode'] = params['site_code']
    if any(accounts):
        probe['AccountName'] = [account for account in accounts if account]
    return probe


def optional_account(option: str, value: str | None) -> str | None:
    """A ConfigMgr account option: omitted, '' (no account: the computer account), or DOMAIN\\user.

    Configuration Manager stores accounts as DOMAIN\\user; its cmdlets refuse UPNs for these.
    """
    if value is None or value == '':
        return value
    if '\\' not in value:
        raise InvalidInput(option, f'must be DOMAIN\\user as Configuration Manager stores accounts (a UPN is not '
                                   f'accepted here), or an empty string for the computer account: {value!r}')
    return validate.domain_account(option, value)


def port(option: str, value: int | None) -> int | None:
    if value is not None and not 1 <= value <= 65535:
        raise InvalidInput(option, f'must be a TCP port between 1 and 65535, got {value}')
    return value


def same_account(left: str | None, right: str | None) -> bool:
    return (left or '').lower() == (right or '').lower()
