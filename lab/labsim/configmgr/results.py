"""The IResultObject values the ConfigMgr cmdlets write, built from the site control state.

Each call returns a fresh snapshot, as the real cmdlets return a copy of the WMI instance: changing
the site afterwards does not change an object a script already holds.

- ``SysResUse``: IResultObject#SMS_SCI_SysResUse (Get-CMSiteSystemServer, Get-CMSiteRole,
  Get-CMSoftwareUpdatePoint, New-CMSiteSystemServer, Add-CMSoftwareUpdatePoint). Properties are those
  of the WMI class: https://learn.microsoft.com/mem/configmgr/develop/reference/core/servers/configure/sms_sci_sysresuse-server-wmi-class
- ``EmbeddedProperty``: one element of ``.Props`` (SMS_EmbeddedProperty: PropertyName, Value, Value1,
  Value2): https://learn.microsoft.com/mem/configmgr/develop/reference/core/servers/configure/sms_embeddedproperty-server-wmi-class
  Which field holds a string prop follows ConfigMgrCBDsc (``STRING_FIELD``); numbers are in Value.
- ``Reserved``: IResultObject#SMS_SCI_Reserved (Get-CMAccount, New-CMAccount). Only ``UserName``
  and ``SiteCode`` are read by anything we know; the other property names are unverified.

Unverified: the exact ItemName / NALPath strings (the usual ``["Display=\\\\SERVER\\"]MSWNET:...``
form seen in site control files) and whether the site keeps the FQDN's case as given (the lab does).
"""

from __future__ import annotations

import typing as t

from labsim.powershell import api

#: embedded properties that hold a string, and in which field (numbers are in ``Value``)
STRING_FIELD = {'Server Remote Public Name': 'Value1', 'Server Remote Name': 'Value1', 'UserName': 'Value2',
                'ProxyName': 'Value2', 'ProxyUserName': 'Value2', 'WSUSAccessAccount': 'Value2',
                'DBServerName': 'Value2', 'NLBVIP': 'Value2', 'PublicVIP': 'Value2',
                # the software update point component (labsim.configmgr.component_cmdlets)
                'ParentWSUS': 'Value2', 'SupportedUpdateLanguages': 'Value2', 'SupportedTitleLanguages': 'Value2',
                'Sync Schedule': 'Value1'}


class EmbeddedProperty(api.DotNetObject):
    TYPE_NAME = 'IResultObject#SMS_EmbeddedProperty'
    PROPERTIES = ('PropertyName', 'Value', 'Value1', 'Value2')


class SysResUse(api.DotNetObject):
    TYPE_NAME = 'IResultObject#SMS_SCI_SysResUse'
    PROPERTIES = ('FileType', 'ItemName', 'ItemType', 'NALPath', 'NALType', 'NetworkOSPath', 'PropLists', 'Props',
                  'RoleCount', 'RoleName', 'ServiceWindows', 'SiteCode', 'SslState', 'Type')


class Reserved(api.DotNetObject):
    TYPE_NAME = 'IResultObject#SMS_SCI_Reserved'
    PROPERTIES = ('FileType', 'ItemName', 'ItemType', 'SiteCode', 'UserName')


def embedded(props: dict[str, t.Any] | None) -> list[EmbeddedProperty]:
    """A role's props as the ``Props`` array of SMS_EmbeddedProperty objects."""
    result = []
    for name, value in (props or {}).items():
        fields = {'PropertyName': name, 'Value': 0, 'Value1': '', 'Value2': ''}
        fields[STRING_FIELD.get(name, 'Value')] = value
        result.append(EmbeddedProperty(**fields))
    return result


def nal_path(site_code: str, fqdn: str) -> str:
    return f'["Display=\\\\{fqdn}\\"]MSWNET:["SMS_SITE={site_code}"]\\\\{fqdn}\\'


def sys_res_use(site: dict[str, t.Any], fqdn: str, role_name: str) -> SysResUse:
    """The site control item of role ``role_name`` on site system ``fqdn`` (which must have it)."""
    roles = site['site_systems'][fqdn]['roles']
    return SysResUse(FileType=2, ItemName=f'{nal_path(site["site_code"], fqdn)},{role_name}',
                     ItemType='System Resource Usage', NALPath=nal_path(site['site_code'], fqdn),
                     NALType='Windows NT Server', NetworkOSPath=f'\\\\{fqdn}', PropLists=[],
                     Props=embedded(roles[role_name]), RoleCount=len(roles), RoleName=role_name, ServiceWindows=[],
                     SiteCode=site['site_code'], SslState=0, Type=1)


def reserved(site: dict[str, t.Any], user: str) -> Reserved:
    """The ConfigMgr account ``user`` (as the site stores its name)."""
    return Reserved(FileType=2, ItemName=f'{user}|Reserved', ItemType='Reserved', SiteCode=site['site_code'],
                    UserName=user)
