# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Argument spec of configmgr.sup.sup_component, shared by its docs module and its action plugin.

PRIVATE to configmgr.sup. The options come from one table per Configuration Manager object:
``SETTINGS`` (the component's scalar settings: option, where the site keeps it, the cmdlet
parameter, the values) and ``SUBSCRIPTIONS`` (the lists: classifications, products, languages).
The plugin's reading, comparing and argument mapping are derived from the same rows
(plugins/plugin_utils/_sup_component_settings.py), so an option cannot be documented, validated
and applied three different ways.
"""

from __future__ import annotations

import dataclasses
import typing as t

from ansible_collections.configmgr.sup.plugins.module_utils._argspec import ArgumentSpec


@dataclasses.dataclass(frozen=True)
class Setting:
    """One scalar setting of the software update point component.

    ``source`` is where the probe reads it: ``component`` (Get-CMSoftwareUpdatePointComponent
    Props), ``sync`` (Get-CMSiteComponent SMS_WSUS_SYNC_MANAGER Props) or ``alert`` (Get-CMAlert).
    ``props`` are the embedded properties (name, field) it is read from and compared against;
    ``parameter`` the Set-CMSoftwareUpdatePointComponent parameter; ``values`` maps the option's
    choices to (the property value, the cmdlet's enum value). A ``kind`` other than ``plain``
    has its own reading/encoding in the plugin (months, minutes, schedule).
    """

    option: str
    spec: dict[str, t.Any]
    source: str
    props: tuple[tuple[str, str], ...]
    parameter: str
    values: dict[str, tuple[int, str]] = dataclasses.field(default_factory=dict)
    kind: str = 'plain'


# Prop names and encodings as ConfigMgrCBDsc DSC_CMSoftwareUpdatePointComponent reads them (third-party source,
# unverified against Microsoft); parameters from
# https://learn.microsoft.com/powershell/module/configurationmanager/set-cmsoftwareupdatepointcomponent
SETTINGS: tuple[Setting, ...] = (
    Setting('sync_source', dict(type='str', choices=['microsoft_update', 'upstream', 'none']), 'component',
            (('DefaultUseParentWSUS', 'value'),), 'SynchronizeAction',
            {'microsoft_update': (0, 'SynchronizeFromMicrosoftUpdate'),
             'upstream': (1, 'SynchronizeFromAnUpstreamDataSourceLocation'),
             'none': (2, 'DoNotSynchronizeFromMicrosoftUpdateOrUpstreamDataSource')}),
    Setting('upstream_source', dict(type='str'), 'component', (('ParentWSUS', 'value2'),), 'UpstreamSourceLocation',
            kind='url'),
    Setting('sync_schedule', dict(type='dict', options=dict(
        enabled=dict(type='bool', required=True),
        interval=dict(type='int'),
        unit=dict(type='str', choices=['days', 'hours'], default='days'),
        start=dict(type='str'),
    )), 'sync', (('Sync Schedule', 'value1'),), 'EnableSynchronization', kind='schedule'),
    Setting('sync_failure_alert', dict(type='bool'), 'alert', (('exists', ''),), 'EnableSyncFailureAlert', kind='alert'),
    Setting('reporting_events', dict(type='str', choices=['none', 'status_only', 'all']), 'component',
            (('ClientReportingLevel', 'value'),), 'ReportingEvent',
            {'none': (0, 'DoNotCreateWsusReportingEvents'), 'status_only': (1, 'CreateOnlyWsusStatusReportingEvents'),
             'all': (2, 'CreateAllWsusReportingEvents')}),
    Setting('supersedence_months', dict(type='int'), 'component',
            (('Sync Supersedence Mode For NonFeature', 'value'), ('Sync Supersedence Age For NonFeature', 'value')),
            'ImmediatelyExpireSupersedence', kind='months'),
    Setting('feature_supersedence_months', dict(type='int'), 'component',
            (('Sync Supersedence Mode For Feature', 'value'), ('Sync Supersedence Age For Feature', 'value')),
            'ImmediatelyExpireSupersedenceForFeature', kind='months'),
    Setting('wsus_cleanup', dict(type='bool'), 'component', (('Call WSUS Cleanup', 'value'),),
            'EnableCallWsusCleanupWizard', kind='flag'),
    Setting('content_file_option', dict(type='str', choices=['full_files', 'express']), 'sync',
            (('Sync ExpressFiles', 'value'),), 'ContentFileOption',
            {'full_files': (0, 'FullFilesOnly'), 'express': (1, 'ExpressForWindows10Only')}),
    Setting('max_runtime_minutes', dict(type='int'), 'sync', (('MaxInstallTime-Windows', 'value'),),
            'NonFeatureUpdateMaxRuntimeMins', kind='minutes'),
    Setting('feature_max_runtime_minutes', dict(type='int'), 'sync', (('MaxInstallTime-ServicePack', 'value'),),
            'FeatureUpdateMaxRuntimeMins', kind='minutes'),
)


@dataclasses.dataclass(frozen=True)
class Subscription:
    """A list of the component: update categories of one type (``category_type``, CategoryTypeName of
    SMS_UpdateCategoryInstance) or languages (the component property ``language_prop``, culture names in Value2).
    ``parameter`` is the cmdlet parameter after Add/Remove."""

    option: str
    what: str
    parameter: str
    category_type: str = ''
    language_prop: str = ''


SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription('classifications', 'classification', 'UpdateClassification', category_type='UpdateClassification'),
    Subscription('products', 'product', 'Product', category_type='Product'),
    Subscription('update_file_languages', 'update file language', 'LanguageUpdateFile',
                 language_prop='SupportedUpdateLanguages'),
    Subscription('summary_languages', 'summary details language', 'LanguageSummaryDetail',
                 language_prop='SupportedTitleLanguages'),
)
MODES = ['exact', 'add', 'remove']


def _argument_spec() -> dict[str, t.Any]:
    spec: dict[str, t.Any] = {'site_code': dict(type='str')}
    for setting in SETTINGS:
        spec[setting.option] = dict(setting.spec)
    for subscription in SUBSCRIPTIONS:
        spec[subscription.option] = dict(type='list', elements='str')
        spec[f'{subscription.option}_mode'] = dict(type='str', choices=list(MODES), default='exact')
    return spec


SUP_COMPONENT_SPEC = ArgumentSpec(
    argument_spec=_argument_spec(),
    required_if=[('sync_source', 'upstream', ('upstream_source',))],
)
