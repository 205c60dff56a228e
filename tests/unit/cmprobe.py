"""Probe answers of the site-server scripts (sup_role, sup_proxy), built like the real ones."""

from __future__ import annotations

import typing as t

STRING_FIELD = {'Server Remote Public Name': 'value1', 'UserName': 'value2', 'ProxyName': 'value2',
                'ProxyUserName': 'value2', 'WSUSAccessAccount': 'value2'}
SERVER = {'UseProxy': 0, 'ProxyName': '', 'ProxyServerPort': 80, 'ProxyUserName': '', 'AnonymousProxyAccess': 1,
          'FDMOperation': 0, 'UseMachineAccount': 1, 'UserName': '', 'Server Remote Public Name': ''}
SUP = {'WSUSIISPort': 8530, 'WSUSIISSSLPort': 8531, 'SSLWSUS': 0, 'UseProxy': 0, 'UseProxyForADR': 0, 'IsINF': 0,
       'IsIntranet': 1, 'AllowProxyTraffic': 0, 'WSUSAccessAccount': ''}
LOGS = 'C:\\Program Files\\Microsoft Configuration Manager\\Logs\\'


def embedded(props: dict[str, t.Any]) -> dict[str, dict[str, t.Any]]:
    table = {}
    for name, value in props.items():
        entry = {'value': 0, 'value1': '', 'value2': ''}
        entry[STRING_FIELD.get(name, 'value')] = value
        table[name] = entry
    return table


def site_probe(server: dict | None = None, sup: dict | None = None, accounts=None, roles=None, api='Installed',
               logs=('SMSProv.log', 'SiteComp.log')) -> dict[str, t.Any]:
    """``server``/``sup``: None = missing, else overrides of the default props."""
    return {
        'site_code': 'PR1', 'site_server': 'cm01.contoso.com',
        'server': {'exists': server is not None,
                   'roles': roles if roles is not None else (['SMS Site System'] + (['SMS Software Update Point']
                                                                                   if sup is not None else [])),
                   'props': embedded(dict(SERVER, **server)) if server is not None else {}},
        'sup': {'exists': sup is not None, 'props': embedded(dict(SUP, **sup)) if sup is not None else {}},
        'accounts': dict(accounts or {}),
        'wsus_api': api,
        'logs': {name: {'path': LOGS + name, 'position': 100} for name in logs},
    }
