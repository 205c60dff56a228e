"""The software_update_point role's component variables inside someone else's playbook (issue 14): each documented as
"unset, null or omitted leaves the setting as it is" does so in its three forms (a caller's ``{{ x | default(omit) }}``
included); a role given none of them reads and changes nothing of the component and starts no synchronization; and a
bad value is refused with every problem listed, before anything is read or changed.

One lab is built once: sup_install for cm01 and sup01, then the role with every component setting away from what a
fresh site has, which synchronizes the site. Each form then runs, in check mode (which is exact), one play per
variable with that variable unset, null or omitted: nothing may change or fail.
"""

from __future__ import annotations

import pytest
import yaml
from lab import Lab

CM, SUP1 = 'cm01.contoso.com', 'sup01.contoso.com'
PREFIX = 'software_update_point_'
COMPONENT = {
    'sync_source': 'microsoft_update',
    'sync_schedule': {'enabled': True, 'interval': 12, 'unit': 'hours'},
    'sync_failure_alert': True,
    'reporting_events': 'all',
    'classifications': ['Critical Updates', 'Security Updates', 'Definition Updates'],
    'classifications_mode': 'exact',
    'products': ['Windows 11', 'Microsoft Defender Antivirus'],
    'products_mode': 'add',
    'update_file_languages': ['English', 'French'],
    'update_file_languages_mode': 'exact',
    'summary_languages': ['English'],
    'summary_languages_mode': 'add',
    'supersedence_months': 6,
    'feature_supersedence_months': 2,
    'wsus_cleanup': True,
    'content_file_option': 'express',
    'max_runtime_minutes': 90,
    'feature_max_runtime_minutes': 180,
    'component': True,
    'sync': True,
    'sync_timeout': 900,
}
#: what must go with a variable when it is not given, because it is refused without it (listed, never dropped)
GOES_WITH = {key: [key + '_mode'] for key in ('classifications', 'products', 'update_file_languages', 'summary_languages')}
FORMS = {'unset': None, 'null': 'null', 'omit': '{{ configmgr_sup_test_undefined | default(omit) }}'}
ENTRY = {'site_system': SUP1}


def role_play(name: str, variables: dict, check: bool = False) -> dict:
    role = {'name': 'Software update points', 'ansible.builtin.import_role': {'name': 'configmgr.sup.software_update_point'},
            'vars': dict(variables, software_update_point_sups=[ENTRY], software_update_point_verify=False,
                         software_update_point_verify_poll_interval=2)}
    if check:
        role['ignore_errors'] = True  # one play's failure must not hide the next variable's result
    return {'name': name, 'hosts': CM, 'gather_facts': False, 'check_mode': check, 'tasks': [role]}


def component(**changes) -> dict:
    return {PREFIX + key: value for key, value in dict(COMPONENT, **changes).items()}


def without(variable: str, form: str) -> dict:
    dropped = [variable] + GOES_WITH.get(variable, [])
    variables = {key: value for key, value in COMPONENT.items() if key not in dropped}
    if FORMS[form] is not None:
        variables.update({name: None if FORMS[form] == 'null' else FORMS[form] for name in dropped})
    return {PREFIX + key: value for key, value in variables.items()}


@pytest.fixture(scope='module')
def built_lab(tmp_path_factory):
    lab = Lab(tmp_path_factory.mktemp('sup-component-variables') / 'lab-state')
    run = lab.playbook('configmgr.sup.sup_install', '--limit', f'{CM},{SUP1}')
    assert run.rc == 0, run.stdout[-3000:]
    playbook = lab.state_dir / 'build.yml'
    playbook.write_text(yaml.safe_dump([role_play('component away from a fresh site', component())]))
    run = lab.playbook(playbook)
    assert run.rc == 0, run.stdout[-3000:]
    assert sum(stats['changed'] for stats in run.stats().values()) > 0  # the settings moved, the site synchronized
    return lab


@pytest.fixture(scope='module')
def form_runs(built_lab):
    """form -> the check-mode run with one play per variable left out in that form (run once per form)."""
    runs = {}

    def run(form: str):
        if form not in runs:
            playbook = built_lab.state_dir / f'without-{form}.yml'
            playbook.write_text(yaml.safe_dump([role_play(f'{variable} {form}', without(variable, form), check=True)
                                                for variable in COMPONENT]))
            runs[form] = built_lab.playbook(playbook, '--check', '--diff')
        return runs[form]
    return run


@pytest.mark.parametrize('form', FORMS)
@pytest.mark.parametrize('variable', list(COMPONENT))
def test_unset_null_and_omit_leave_the_component_setting_as_it_is(form_runs, variable, form):
    run = form_runs(form)
    plays = {play['play']['name']: play for play in run.report['plays']}
    tasks = plays[f'{variable} {form}']['tasks']
    results = [(task['task']['name'], result) for task in tasks for result in task['hosts'].values()]
    assert any(name.endswith('Set the component\'s settings (with the products and languages when the site knows them)')
               and not result.get('skipped') for name, result in results), 'the component was not read'
    assert [(name, result.get('msg')) for name, result in results if result.get('failed')] == []
    assert [(name, result.get('diff') or result.get('after')) for name, result in results if result.get('changed')] == []


def test_a_role_given_no_component_variable_reads_and_changes_nothing_of_the_component(built_lab):
    built_lab.reset_calls()
    playbook = built_lab.state_dir / 'no-component.yml'
    playbook.write_text(yaml.safe_dump([role_play('only the required variables', {})]))
    run = built_lab.playbook(playbook)
    assert run.rc == 0, run.stdout[-3000:]
    ops = {call['op'] for call in built_lab.calls()}
    assert 'sup_role/get' in ops
    assert {op for op in ops if op.startswith(('sup_component/', 'sup_sync/'))} == set()


def test_bad_component_variables_are_refused_with_the_entries_every_problem_listed_before_anything_is_read(built_lab):
    built_lab.reset_calls()
    playbook = built_lab.state_dir / 'bad.yml'
    bad = role_play('bad values', component(sync_source='upstream', products_mode='only', supersedence_months=100,
                                            sync_schedule={'enabled': True, 'interval': 40}))
    bad['tasks'][0]['vars']['software_update_point_sups'] = [{'site_system': SUP1, 'proxy_prot': 8080}]
    playbook.write_text(yaml.safe_dump([bad]))
    run = built_lab.playbook(playbook)
    assert run.rc != 0
    message = run.results('configmgr.sup.software_update_point : Refuse bad entries and ports or SSL that disagree with '
                          'what WSUS serves, every problem listed, before any change')[CM]['msg']
    assert message.startswith('software_update_point: 5 problem(s), nothing was changed: ')
    for expected in ('proxy_prot: is not an option of a software update point; did you mean proxy_port?',
                     "software_update_point_products_mode: must be one of exact, add, remove, got 'only'",
                     'software_update_point_supersedence_months: must be between 0 and 99, got 100',
                     'software_update_point_sync_schedule: interval must be between 1 and 31 days, got 40',
                     'software_update_point_upstream_source: is required with software_update_point_sync_source: upstream'):
        assert expected in message, message
    assert built_lab.calls() == []
