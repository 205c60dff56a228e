"""The software update point *component* (the site-wide settings of software updates, not the SUP role):
Get-/Set-CMSoftwareUpdatePointComponent, Get-CMSiteComponent for the WSUS components, Get-CMAlert.

Two site control components hold the settings (SMS_SCI_Component, embedded props SMS_EmbeddedProperty):
- ``SMS_WSUS_CONFIGURATION_MANAGER`` (what ``Get-CMSoftwareUpdatePointComponent`` returns):
  ``Call WSUS Cleanup`` (Value 0/1), ``ClientReportingLevel`` (Value 0 none, 1 status only, 2 all),
  ``DefaultUseParentWSUS`` (Value 0 Microsoft Update, 1 upstream, 2 neither), ``ParentWSUS`` (Value2 the
  upstream URL), ``SupportedUpdateLanguages`` / ``SupportedTitleLanguages`` (Value2, comma-separated
  culture names such as ``en,fr``), ``Sync Supersedence Mode For NonFeature`` / ``... For Feature`` (Value 0
  expire immediately, 1 wait), ``Sync Supersedence Age For NonFeature`` / ``... For Feature`` (Value months).
- ``SMS_WSUS_SYNC_MANAGER`` (``Get-CMSiteComponent -ComponentName SMS_WSUS_SYNC_MANAGER``, or
  ``Get-CMSoftwareUpdatePointComponent -WsusSyncManager``): ``Sync Schedule`` (Value1, the schedule token;
  empty = no schedule), ``Sync ExpressFiles`` (Value 0 full files, 1 express), ``MaxInstallTime-Windows``
  (non-feature updates) / ``MaxInstallTime-ServicePack`` (feature updates) (Value seconds),
  ``EnableThirdPartyUpdates`` (Value 0 off, 1 on with manual certificate management, 2 on).
These names and encodings are how ConfigMgrCBDsc (DSC_CMSoftwareUpdatePointComponent.psm1) reads them:
third-party, UNVERIFIED against a Microsoft page. SMS_SCI_Component's own properties: ComponentName,
FileType, ItemName, ItemType, Name, PropLists, Props, SiteCode
(https://learn.microsoft.com/mem/configmgr/develop/reference/core/servers/configure/sms_sci_component-server-wmi-class);
the lab writes ItemName ``<component>|SMS Site Server`` and Name ``SMS Site Server`` (UNVERIFIED), no
PropLists for these two components, and the props in name order (the site's order is not documented).
The component's ``Sync Schedule`` is stored and returned; scheduled synchronizations themselves are not
modelled (``sync``: only the fault ``sync_already_running`` runs one).

Set-CMSoftwareUpdatePointComponent (https://learn.microsoft.com/powershell/module/configurationmanager/
set-cmsoftwareupdatepointcomponent; sets SearchBySiteCodeMandatory (Default), SearchByNameMandatory -Name,
SearchByValueMandatory -InputObject): the bool parameters take values ($true/$false), -Schedule $null
disables synchronization on a schedule ("To disable synchronization, set this parameter to $null"; there is
no -EnableSynchronization in the current page), products and classifications are display names ("This
parameter is a string array of product names"), languages are display names (the page's example adds
"Dutch" and removes "English"). Documented side effect: changing ImmediatelyExpireSupersedence(ForFeature)
makes "the site start a full synchronization" (the lab starts one, ``sync.request``). After a change, WCM
pushes the settings to the SUPs' WSUS in its next cycle (``wcm.configure``, +20 s).

The lab's refusals (all validated before anything changes; wordings UNVERIFIED, error ids the lab's):
- a category name the site does not know (a product before the first synchronization, a typo): an
  ItemNotFound error naming it; a name two categories share subscribes both (the lab's pessimistic reading:
  the cmdlet looks the name up and uses every match; UNVERIFIED);
- a category whose AllowSubscription is False (Drivers on the dump's site): InvalidOperation;
- a language name that is not an update language; a culture name ("en") instead of a display name;
- SynchronizeFromAnUpstreamDataSourceLocation with no upstream URL (given or stored); an upstream that is
  not an http(s) URL;
- WaitMonth / WaitMonthForFeature outside 1-99 (the range ConfigMgrCBDsc validates);
  FeatureUpdateMaxRuntimeMins / NonFeatureUpdateMaxRuntimeMins outside 5-9999 (UNVERIFIED range);
- a bool parameter given a string (PowerShell's binding refuses "True" for System.Boolean).
The component exists once the site has a software update point (UNVERIFIED: before that the lab's
Get- writes nothing and Set- fails ItemNotFound).

Defaults of a new component (UNVERIFIED, the SUP wizard's usual defaults): Microsoft Update, a schedule
every 7 days, no alert, no reporting events, no cleanup, supersedence: wait 3 months (both), update and
summary languages English, full files, maximum run times 60 (non-feature) and 120 (feature) minutes
(Microsoft's "Plan for software updates" maximum run time defaults), third-party updates off.

Get-CMAlert (https://learn.microsoft.com/powershell/module/configurationmanager/get-cmalert): the
synchronization failure alert is the only alert the lab has; EnableSyncFailureAlert $true creates it
(AlertState 5 "Never Triggered"), $false deletes it; WSyncMgr sets it to 0 (Active) after a failed
synchronization and 2 (Canceled) after a successful one ("Sync succeeded. Setting sync alert to canceled
state on site ..." in Microsoft's WsyncMgr.log walkthrough). Properties written: a subset of SMS_Alert
(AlertState, DateCreated, Enabled, ID, Name, Severity, SourceSiteCode;
https://learn.microsoft.com/mem/configmgr/develop/reference/core/servers/manage/sms_alert-server-wmi-class).
The name "Synchronization failure alert for software update point: <site code>" follows the prefix
ConfigMgrCBDsc matches; what follows the colon, Severity 1 and the ID numbering are UNVERIFIED.
"""

from __future__ import annotations

import copy
import datetime
import re
import typing as t

from labsim.configmgr import drive, logs, results, schedule_cmdlets, site as sites, update_catalog, wcm
from labsim.context import LAB_EPOCH
from labsim.powershell import api
from labsim.profiles import SUP_ROLE

WCM_COMPONENT, SYNC_COMPONENT = 'SMS_WSUS_CONFIGURATION_MANAGER', 'SMS_WSUS_SYNC_MANAGER'
SYNC_SOURCES = {'synchronizefrommicrosoftupdate': 0, 'synchronizefromanupstreamdatasourcelocation': 1,
                'donotsynchronizefrommicrosoftupdateorupstreamdatasource': 2}
REPORTING = {'donotcreatewsusreportingevents': 0, 'createonlywsusstatusreportingevents': 1,
             'createallwsusreportingevents': 2}
CONTENT = {'fullfilesonly': 0, 'expressforwindows10only': 1}
ALERT_PREFIX = 'Synchronization failure alert for software update point: '
ALERT_NEVER_TRIGGERED, ALERT_ACTIVE, ALERT_CANCELED = 5, 0, 2
#: the default schedule: every 7 days from the lab epoch (UNVERIFIED default, see the docstring)
DEFAULT_SCHEDULE_DAYS = 7
MODE_NONFEATURE, MODE_FEATURE = 'Sync Supersedence Mode For NonFeature', 'Sync Supersedence Mode For Feature'
AGE_NONFEATURE, AGE_FEATURE = 'Sync Supersedence Age For NonFeature', 'Sync Supersedence Age For Feature'


class Component(api.DotNetObject):
    TYPE_NAME = 'IResultObject#SMS_SCI_Component'
    PROPERTIES = ('ComponentName', 'FileType', 'ItemName', 'ItemType', 'Name', 'PropLists', 'Props', 'SiteCode')


class Alert(api.DotNetObject):
    TYPE_NAME = 'IResultObject#SMS_Alert'
    PROPERTIES = ('AlertState', 'DateCreated', 'Enabled', 'ID', 'Name', 'Severity', 'SourceSiteCode')


def default_props() -> dict[str, dict[str, t.Any]]:
    schedule = schedule_cmdlets.encode(schedule_cmdlets.new_interval('days', DEFAULT_SCHEDULE_DAYS, LAB_EPOCH))
    return {
        WCM_COMPONENT: {'Call WSUS Cleanup': 0, 'ClientReportingLevel': 0, 'DefaultUseParentWSUS': 0, 'ParentWSUS': '',
                        'SupportedUpdateLanguages': 'en', 'SupportedTitleLanguages': 'en', MODE_NONFEATURE: 1,
                        MODE_FEATURE: 1, AGE_NONFEATURE: 3, AGE_FEATURE: 3},
        SYNC_COMPONENT: {'Sync Schedule': schedule, 'Sync ExpressFiles': 0, 'MaxInstallTime-Windows': 3600,
                         'MaxInstallTime-ServicePack': 7200, 'EnableThirdPartyUpdates': 0},
    }


def sups(site: dict[str, t.Any], remember: bool = False) -> list[str]:
    """The site's software update points, the first installed first (WSyncMgr's order: "first synchronizes
    the SUP that was installed as the first SUP in the site"). The site's JSON keeps no installation
    order, so the lab remembers the order in which a write (Set-, a synchronization) first saw each SUP
    (``sup_order``, with ``remember``), alphabetical among SUPs seen at once (UNVERIFIED for SUPs added
    before the lab first looked). Reads never change the state."""
    current = sorted(fqdn for fqdn, system in site['site_systems'].items() if SUP_ROLE in system['roles'])
    order = [f for f in site.get('sup_order') or [] if f in current]
    order += [f for f in current if f not in order]
    if remember:
        site['sup_order'] = order
    return order


def props(site: dict[str, t.Any], create: bool = False) -> dict[str, dict[str, t.Any]] | None:
    """The two components' props; None while the site has no software update point. A site whose component
    was never written has the defaults (stored with ``create``, by the writes, so reads change nothing)."""
    if not sups(site):
        return None
    if 'sup_component' in site:
        return site['sup_component']
    defaults = default_props()
    if create:
        site['sup_component'] = defaults
    return defaults


def component(site: dict[str, t.Any], name: str) -> Component:
    embedded = results.embedded(dict(sorted(props(site)[name].items())))
    return Component(ComponentName=name, FileType=2, ItemName=f'{name}|SMS Site Server', ItemType='Component',
                     Name='SMS Site Server', PropLists=[], Props=embedded, SiteCode=site['site_code'])


# ---- Get- ---------------------------------------------------------------------------------------------

@api.command('Get-CMSoftwareUpdatePointComponent')
def get_software_update_point_component(inv: api.Invocation) -> list[Component]:
    """https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatepointcomponent"""
    site = drive.site_for(inv)
    if site is None or props(site) is None:
        return []
    server = inv.param('SiteSystemServerName')
    if server and not any(sites.same_server(server, fqdn) for fqdn in sups(site)):
        return []
    return [component(site, SYNC_COMPONENT if inv.param('WsusSyncManager') else WCM_COMPONENT)]


@api.command('Get-CMSiteComponent')
def get_site_component(inv: api.Invocation) -> list[Component]:
    """https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsitecomponent (only the two
    WSUS components are modelled)."""
    site = drive.site_for(inv)
    name = inv.param('ComponentName')
    if name is None or str(name).upper() not in (WCM_COMPONENT, SYNC_COMPONENT):
        raise api.LabUnsupported(f'Get-CMSiteComponent -ComponentName {name!r}: only {WCM_COMPONENT} and '
                                 f'{SYNC_COMPONENT} are modelled')
    if site is None or props(site) is None:
        return []
    server = inv.param('SiteSystemServerName')
    if server and not sites.same_server(server, site['site_server']):
        return []
    return [component(site, str(name).upper())]


# ---- alerts ---------------------------------------------------------------------------------------------

def alert(site: dict[str, t.Any]) -> dict[str, t.Any] | None:
    return next((a for a in site.get('alerts') or [] if a['name'].startswith(ALERT_PREFIX)), None)


def set_alert_state(site: dict[str, t.Any], state: int) -> None:
    found = alert(site)
    if found is not None:
        found['state'] = state


@api.command('Get-CMAlert')
def get_alert(inv: api.Invocation) -> list[Alert]:
    """https://learn.microsoft.com/powershell/module/configurationmanager/get-cmalert"""
    site = drive.connected_site(inv)
    if inv.param('TypeId') is not None or inv.param('TypeInstanceId') is not None:
        raise api.LabUnsupported('Get-CMAlert -TypeId/-TypeInstanceId: alert types are not modelled')
    out = []
    for found in site.get('alerts') or []:
        if inv.param('Id') is not None and str(found['id']) != str(inv.param('Id')):
            continue
        if not sites.matches(inv.param('Name'), found['name']):
            continue
        created = LAB_EPOCH + datetime.timedelta(seconds=found['created'])
        out.append(Alert(AlertState=found['state'], DateCreated=created, Enabled=True, ID=found['id'],
                         Name=found['name'], Severity=1, SourceSiteCode=site['site_code']))
    return out


# ---- Set- -------------------------------------------------------------------------------------------------

def _bool(inv: api.Invocation, name: str) -> bool | None:
    """A System.Boolean parameter: $true/$false (or a number); a string does not bind."""
    value = inv.param(name)
    if value is None:
        return None
    if isinstance(value, (bool, int)):
        return bool(value)
    inv.fail(f"Cannot process argument transformation on parameter '{name}'. Cannot convert value "
             f'"{value}" to type "System.Boolean". Boolean parameters accept only Boolean values and numbers, '
             'such as $True, $False, 1 or 0.', f'ParameterArgumentTransformationError,{inv.name}',
             'InvalidData', 'System.Management.Automation.ParameterBindingArgumentTransformationException')


def _enum(inv: api.Invocation, name: str, values: dict[str, int]) -> int | None:
    value = inv.param(name)
    if value is None:
        return None
    key = str(value).lower()
    if key not in values:
        inv.fail(f"Cannot bind parameter '{name}'. Cannot convert value \"{value}\" to an accepted value.",
                 f'CannotConvertArgumentNoMessage,{inv.name}', 'InvalidArgument',
                 'System.Management.Automation.ParameterBindingException')
    return values[key]


def _names(value: t.Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def _int_in(inv: api.Invocation, name: str, low: int, high: int) -> int | None:
    value = inv.param(name)
    if value is None:
        return None
    if not low <= int(value) <= high:
        inv.fail(f"Cannot validate argument on parameter '{name}'. The {value} argument is not in the range "
                 f'{low} - {high}.', f'ParameterArgumentValidationError,{inv.name}', 'InvalidData',
                 'System.Management.Automation.ParameterBindingValidationException')
    return int(value)


def _category_changes(inv: api.Invocation, site: dict[str, t.Any]) -> tuple[set[str], set[str]]:
    """The unique ids (lower case) to subscribe and to unsubscribe, validated."""
    add: set[str] = set()
    remove: set[str] = set()
    kinds = (('UpdateClassification', update_catalog.CLASSIFICATION), ('Product', update_catalog.PRODUCT),
             ('ProductFamily', update_catalog.FAMILY), ('Company', update_catalog.COMPANY))
    known = update_catalog.categories(site)
    for suffix, category_type in kinds:
        for verb, target in (('Add', add), ('Remove', remove)):
            for name in _names(inv.param(verb + suffix)):
                found = update_catalog.find_by_name(site, category_type, name)
                if not found:
                    sites.not_found(inv, f'{category_type} "{name}" was not found.')
                for category in found:
                    if verb == 'Add' and not category['allow']:
                        inv.fail(f'{category_type} "{name}" cannot be subscribed to.', 'InvalidOperation',
                                 'InvalidOperation', 'System.InvalidOperationException')
                    ids = {category['unique_id'].lower()}
                    if category_type in (update_catalog.FAMILY, update_catalog.COMPANY):
                        ids |= _descendants(known, category['id'])
                    target.update(ids)
    return add, remove


def _descendants(known: list[dict[str, t.Any]], parent: int) -> set[str]:
    out: set[str] = set()
    for category in known:
        if category['parent_id'] == parent:
            out.add(category['unique_id'].lower())
            out |= _descendants(known, category['id'])
    return out


def _languages(inv: api.Invocation, current: str, add: str, remove: str) -> str:
    cultures = [c for c in current.split(',') if c]
    for verb, parameter in (('add', add), ('remove', remove)):
        for name in _names(inv.param(parameter)):
            culture = update_catalog.language_culture(name)
            if culture is None:
                inv.fail(f'"{name}" is not a supported update language.', 'InvalidArgument', 'InvalidArgument',
                         'System.ArgumentException')
            if verb == 'add' and culture not in cultures:
                cultures.append(culture)
            if verb == 'remove' and culture in cultures:
                cultures.remove(culture)
    return ','.join(cultures)


UPSTREAM = re.compile(r'^https?://[A-Za-z0-9.-]+(:\d{1,5})?/?$', re.IGNORECASE)


def _settings(inv: api.Invocation, site: dict[str, t.Any]) -> tuple[dict[str, dict[str, t.Any]], set[str], set[str]]:
    """The components' props after the call, and the category changes; every check before any change."""
    new = copy.deepcopy(props(site))
    wsus, sync_props = new[WCM_COMPONENT], new[SYNC_COMPONENT]
    source = _enum(inv, 'SynchronizeAction', SYNC_SOURCES)
    upstream = inv.param('UpstreamSourceLocation')
    if upstream is not None:
        if not UPSTREAM.match(str(upstream)):
            inv.fail(f'"{upstream}" is not a valid upstream data source location URL.', 'InvalidArgument',
                     'InvalidArgument', 'System.ArgumentException')
        wsus['ParentWSUS'] = str(upstream)
    if source is not None:
        if source == 1 and not wsus['ParentWSUS']:
            inv.fail('An upstream data source location is required to synchronize from an upstream data source '
                     'location.', 'InvalidArgument', 'InvalidArgument', 'System.ArgumentException')
        wsus['DefaultUseParentWSUS'] = source
    for parameter, prop in (('EnableCallWsusCleanupWizard', 'Call WSUS Cleanup'),):
        value = _bool(inv, parameter)
        if value is not None:
            wsus[prop] = int(value)
    reporting = _enum(inv, 'ReportingEvent', REPORTING)
    if reporting is not None:
        wsus['ClientReportingLevel'] = reporting
    for flag, months, mode, age in (('ImmediatelyExpireSupersedence', 'WaitMonth', MODE_NONFEATURE, AGE_NONFEATURE),
                                    ('ImmediatelyExpireSupersedenceForFeature', 'WaitMonthForFeature', MODE_FEATURE,
                                     AGE_FEATURE)):
        immediately = _bool(inv, flag)
        wait = _int_in(inv, months, 1, 99)
        if immediately is not None:
            wsus[mode] = 0 if immediately else 1
        if wait is not None:
            wsus[age] = wait
    wsus['SupportedUpdateLanguages'] = _languages(inv, wsus['SupportedUpdateLanguages'], 'AddLanguageUpdateFile',
                                                  'RemoveLanguageUpdateFile')
    wsus['SupportedTitleLanguages'] = _languages(inv, wsus['SupportedTitleLanguages'], 'AddLanguageSummaryDetail',
                                                 'RemoveLanguageSummaryDetail')
    if inv.has('Schedule'):
        schedule = inv.param('Schedule')
        if isinstance(schedule, list) and len(schedule) == 1:
            schedule = schedule[0]
        if schedule is not None and not isinstance(schedule, (schedule_cmdlets.RecurInterval,
                                                              schedule_cmdlets.NonRecurring)):
            inv.fail(f"Cannot bind parameter 'Schedule'. Cannot convert the \"{schedule}\" value of type "
                     f'"{type(schedule).__name__}" to type "Microsoft.ConfigurationManagement.ManagementProvider.'
                     'IResultObject".', f'CannotConvertArgumentNoMessage,{inv.name}', 'InvalidArgument',
                     'System.Management.Automation.ParameterBindingException')
        sync_props['Sync Schedule'] = '' if schedule is None else schedule_cmdlets.encode(schedule)
    content = _enum(inv, 'ContentFileOption', CONTENT)
    if content is not None:
        sync_props['Sync ExpressFiles'] = content
    for parameter, prop in (('NonFeatureUpdateMaxRuntimeMins', 'MaxInstallTime-Windows'),
                            ('FeatureUpdateMaxRuntimeMins', 'MaxInstallTime-ServicePack')):
        minutes = _int_in(inv, parameter, 5, 9999)
        if minutes is not None:
            sync_props[prop] = minutes * 60
    third_party, manual = _bool(inv, 'EnableThirdPartyUpdates'), _bool(inv, 'EnableManualCertManagement')
    if third_party is not None:
        sync_props['EnableThirdPartyUpdates'] = (1 if manual else 2) if third_party else 0
    elif manual is not None and sync_props['EnableThirdPartyUpdates']:
        sync_props['EnableThirdPartyUpdates'] = 1 if manual else 2
    default_server = inv.param('DefaultWsusServer')
    if default_server and not any(sites.same_server(default_server, fqdn) for fqdn in sups(site)):
        sites.not_found(inv, f'Software update point {default_server} was not found.')
    add, remove = _category_changes(inv, site)
    return new, add, remove


def _target(inv: api.Invocation) -> dict[str, t.Any]:
    """The site the call configures, by -SiteCode, -Name (a SUP of the site) or -InputObject."""
    if inv.param('InputObject') is not None:
        obj = inv.param('InputObject')
        site = drive.connected_site(inv)
        if str(obj.ps_get('ComponentName')).upper() != WCM_COMPONENT or \
                str(obj.ps_get('SiteCode')).lower() != site['site_code'].lower():
            sites.not_found(inv)
        return site
    site = drive.write_site(inv)
    if inv.param('Name') and not any(sites.same_server(inv.param('Name'), fqdn) for fqdn in sups(site)):
        sites.not_found(inv, f'Software update point {inv.param("Name")} was not found.')
    return site


@api.command('Set-CMSoftwareUpdatePointComponent')
def set_software_update_point_component(inv: api.Invocation) -> Component | None:
    """https://learn.microsoft.com/powershell/module/configurationmanager/set-cmsoftwareupdatepointcomponent"""
    site = _target(inv)
    if props(site) is None:
        sites.not_found(inv, 'The site has no software update point component.')
    new, add, remove = _settings(inv, site)
    alert_wanted = _bool(inv, 'EnableSyncFailureAlert')
    if inv.session.whatif:
        return None
    old = props(site, create=True)
    sups(site, remember=True)
    supersedence_changed = any(old[WCM_COMPONENT][m] != new[WCM_COMPONENT][m] for m in (MODE_NONFEATURE, MODE_FEATURE))
    changed = new != old
    site['sup_component'] = new
    catalog = update_catalog.state(site, create=True)
    before = set(catalog['subscribed'])
    catalog['subscribed'] = sorted((before | add) - remove)
    logs.provider_line(inv, 'Execute WQL  =SELECT * FROM SMS_SCI_Component WHERE ComponentName = '
                       f'"{WCM_COMPONENT}" AND SiteCode = "{site["site_code"]}"')
    if changed:
        logs.provider_line(inv, 'PutInstanceAsync SMS_SCI_Component')
    if set(catalog['subscribed']) != before:
        logs.provider_line(inv, 'PutInstanceAsync SMS_UpdateCategoryInstance')
    if alert_wanted is not None:
        _set_alert(inv.host, site, alert_wanted)
    from labsim.configmgr import sync  # noqa: PLC0415  (sync imports this module)
    if changed or set(catalog['subscribed']) != before:
        for fqdn in sups(site):
            wcm.configure(inv.host, fqdn, delay=20)
    if supersedence_changed:
        sync.request(inv.host, site, full=True, delay=30)  # "the site starts a full synchronization"
    return component(site, WCM_COMPONENT) if inv.param('PassThru') else None


def _set_alert(host, site: dict[str, t.Any], wanted: bool) -> None:
    alerts = site.setdefault('alerts', [])
    existing = alert(site)
    if wanted and existing is None:
        number = site.get('alert_id', 16777216) + 1
        site['alert_id'] = number
        alerts.append({'id': number, 'name': ALERT_PREFIX + site['site_code'], 'state': ALERT_NEVER_TRIGGERED,
                       'created': round(host.now(), 3)})
    if not wanted and existing is not None:
        alerts.remove(existing)
