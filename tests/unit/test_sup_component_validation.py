"""The software update point component's settings are validated with the entries, before any change, every problem
listed at once (issue 14): as the software_update_point role's variables (sup_component_problems) and as the
sup_install site-level configmgr_sup_* variables (sup_inventory_problems), one table of rules for both, mapping 1:1 to
configmgr.sup.sup_component's options."""

from __future__ import annotations

import pathlib

import yaml

from ansible_collections.configmgr.sup.plugins.filter.sup_component_problems import sup_component_problems
from ansible_collections.configmgr.sup.plugins.filter.sup_inventory_problems import sup_inventory_problems
from ansible_collections.configmgr.sup.plugins.module_utils._sup_component_spec import SUP_COMPONENT_SPEC
from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_entries import (
    COMPONENT_FLOW,
    COMPONENT_OPTIONS,
    INVENTORY_VARIABLES,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
SUP1, CM = 'sup01.contoso.com', 'cm01.contoso.com'
GROUPS = {'all': [CM, SUP1], 'ungrouped': [], 'configmgr_site_servers': [CM], 'configmgr_sup_servers': [SUP1]}
GOOD = {'sync_source': 'upstream', 'upstream_source': 'https://wsus01.contoso.com:8531',
        'sync_schedule': {'enabled': True, 'interval': 12, 'unit': 'hours', 'start': '2026-01-31 02:00'},
        'sync_failure_alert': True, 'reporting_events': 'status_only',
        'classifications': ['Critical Updates', 'UpdateClassification:0fa1201d-4330-4fa8-8ae9-b877473b6441'],
        'classifications_mode': 'add', 'products': ['Windows 11'], 'products_mode': 'exact',
        'update_file_languages': ['en'], 'summary_languages': ['English'], 'summary_languages_mode': 'remove',
        'supersedence_months': 0, 'feature_supersedence_months': 99, 'wsus_cleanup': False,
        'content_file_option': 'express', 'max_runtime_minutes': 60, 'feature_max_runtime_minutes': '120',
        'component': True, 'sync': True, 'sync_timeout': 3600}


def hostvars(cm=None, sup1=None):
    return {SUP1: dict({'inventory_hostname': SUP1}, **(sup1 or {})),
            CM: dict({'inventory_hostname': CM, 'configmgr_site_code': 'PR1'}, **(cm or {}))}


def test_documented_component_settings_have_no_problem():
    assert sup_component_problems(GOOD) == []


def test_every_problem_of_the_component_is_listed_at_once_naming_the_role_variable():
    problems = sup_component_problems({
        'sync_source': 'upstream', 'sync_schedule': {'enabled': 'sometimes', 'interval': 24, 'unit': 'hours',
                                                     'strat': '02:00'},
        'reporting_events': 'some', 'classifications': 'Security Updates', 'products_mode': 'only',
        'summary_languages': ['English', ''], 'summary_languages_mode': 'exact', 'supersedence_months': 100,
        'feature_supersedence_months': -1, 'wsus_cleanup': 'perhaps', 'content_file_option': 'delta',
        'max_runtime_minutes': 4, 'sync_timeout': 'long'})
    assert problems == [
        "software_update_point_reporting_events: must be one of none, status_only, all, got 'some'",
        "software_update_point_classifications: must be a list of names, got 'Security Updates'",
        "software_update_point_products_mode: must be one of exact, add, remove, got 'only'",
        'software_update_point_supersedence_months: must be between 0 and 99, got 100',
        'software_update_point_feature_supersedence_months: must be between 0 and 99, got -1',
        "software_update_point_wsus_cleanup: must be true or false, got 'perhaps'",
        "software_update_point_content_file_option: must be one of full_files, express, got 'delta'",
        'software_update_point_max_runtime_minutes: must be between 5 and 9999, got 4',
        "software_update_point_sync_timeout: must be a number, got 'long'",
        "software_update_point_summary_languages: each item must be a display name or an ID, got ''",
        'software_update_point_sync_schedule: enabled must be true or false, got \'sometimes\'',
        'software_update_point_sync_schedule: strat is not a key of a sync schedule; did you mean start?',
        'software_update_point_sync_schedule: interval must be between 1 and 23 hours, got 24',
        'software_update_point_upstream_source: is required with software_update_point_sync_source: upstream (the URL '
        'of the upstream WSUS server, such as https://wsus01.contoso.com:8531)']


def test_an_upstream_url_must_be_a_url_and_is_refused_when_it_would_be_unused():
    assert sup_component_problems({'sync_source': 'upstream', 'upstream_source': 'wsus01.contoso.com:8531'}) == [
        'software_update_point_upstream_source: must be the URL of the upstream WSUS server (http:// or https://, a '
        "host and optionally a port, such as https://wsus01.contoso.com:8531), got 'wsus01.contoso.com:8531'"]
    assert sup_component_problems({'sync_source': 'none', 'upstream_source': 'https://wsus01.contoso.com:8531'}) == [
        'software_update_point_upstream_source: is given but software_update_point_sync_source is none, not upstream: '
        'the URL is only used with software_update_point_sync_source: upstream']
    assert sup_component_problems({'sync_schedule': {'enabled': False, 'interval': 7}}) == [
        'software_update_point_sync_schedule: interval is only used with enabled: true (false leaves the site with no '
        'schedule)']
    assert sup_component_problems({'products_mode': 'add'}) == [
        'software_update_point_products_mode: is given but software_update_point_products is not: the mode would be '
        'unused']


def test_null_and_omit_count_as_not_given():
    omit = '__omit_place_holder__0123456789abcdef'
    assert sup_component_problems({'sync_source': None, 'products': omit, 'products_mode': None,
                                   'sync_schedule': None, 'upstream_source': omit}) == []


def test_the_site_level_inventory_variables_are_checked_in_the_inventory_vocabulary_with_the_variable_meant():
    problems = sup_inventory_problems(GROUPS, hostvars(
        cm={'configmgr_sup_prodcts': ['Windows 11'], 'configmgr_sup_sync_source': 'upstream',
            'configmgr_sup_supersedence_months': 120},
        sup1={'configmgr_sup_classifications': ['Updates']}))
    assert problems == [
        f'{CM}: configmgr_sup_prodcts: is not a variable of the configmgr.sup.sup_install inventory model; did you '
        'mean configmgr_sup_products?',
        f'{CM}: configmgr_sup_supersedence_months: must be between 0 and 99, got 120',
        f'{CM}: configmgr_sup_upstream_source: is required with configmgr_sup_sync_source: upstream (the URL of the '
        'upstream WSUS server, such as https://wsus01.contoso.com:8531)',
        f'{SUP1}: configmgr_sup_classifications: is a setting of the site (its software update point component), '
        f'read from the site server {CM} only, where it is not set: set it on the site server (configmgr_site_servers)']


def test_a_component_variable_for_the_whole_inventory_is_no_problem_on_the_sup_hosts():
    everywhere = {'configmgr_sup_classifications': ['Updates'], 'configmgr_sup_sync': False}
    assert sup_inventory_problems(GROUPS, hostvars(cm=everywhere, sup1=everywhere)) == []


def test_the_component_variables_map_one_to_one_to_sup_component_and_are_documented_and_passed():
    options = set(SUP_COMPONENT_SPEC.argument_spec) - {'site_code'}
    assert set(COMPONENT_OPTIONS) == options
    role = ROOT / 'roles' / 'software_update_point'
    spec = yaml.safe_load((role / 'meta' / 'argument_specs.yml').read_text())['argument_specs']['main']['options']
    defaults = yaml.safe_load((role / 'defaults' / 'main.yml').read_text())
    readme = (role / 'README.md').read_text()
    playbook = (ROOT / 'playbooks' / 'sup_install.yml').read_text()
    guide = (ROOT / 'docs' / 'user-guide.md').read_text()
    for key in (*COMPONENT_OPTIONS, *COMPONENT_FLOW):
        variable = f'software_update_point_{key}'
        assert variable in spec and variable in defaults and f'`{variable}`' in readme, key
        assert f'{variable}: "{{{{ configmgr_sup_{key} | default(' in playbook, key
        assert INVENTORY_VARIABLES[key] == {'where': 'site', 'component': True}
        assert f'configmgr_sup_{key}' in guide, key
    for key in COMPONENT_OPTIONS:  # left as it is unless given
        assert defaults[f'software_update_point_{key}'] is None, key
