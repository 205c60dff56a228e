"""The preflight role inside someone else's playbook, imported alone: each variable that has a default keeps it when
the caller leaves it unset, sets it to null, or omits it (a caller's ``{{ x | default(omit) }}``).

The lab has WSUS (WID) installed on sup01, a site server without the WSUS console, no server certificate on sup01
and a site server group with remote software update points, so the checks each variable drives have something to
look at. Each case must run clean and find exactly the problems the documented default finds on every host.
"""

from __future__ import annotations

import pytest
import yaml
from lab import Lab

CM, SUP = 'cm01.contoso.com', 'sup01.contoso.com'
PROBLEMS = 'configmgr.sup.preflight : Work out the problems of this host'
#: variable -> its documented default (roles/preflight/defaults/main.yml)
DEFAULTS = {
    'preflight_site_server': None,
    'preflight_sup_hosts': [],
    'preflight_expected_fqdn': '{{ inventory_hostname }}',
    'preflight_supported_builds': [14393, 17763, 20348, 26100],
    'preflight_min_wsus_version': '10.0',
    'preflight_database': 'wid',
    'preflight_shared_database': False,
    'preflight_ssl': False,
    'preflight_public_fqdn': None,
    'preflight_proxy_server': None,
    'preflight_proxy_port': None,
    'preflight_clients': 0,
    'preflight_dedicated_server': False,
    'preflight_console_installed_by_play': True,
    'preflight_connection_account': None,
    'preflight_connection_password_given': None,
    'preflight_proxy_accounts': None,
}
#: what a site build gives the role besides the variable under test (the site server and its SUPs), so that the
#: checks of both kinds of host run
SITE = {'preflight_site_server': CM, 'preflight_sup_hosts': [SUP]}
FORMS = {'unset': None, 'null': 'null', 'omit': '{{ preflight_test_undefined | default(omit) }}'}


def play(variables: dict) -> list[dict]:
    role = {'name': 'Preflight for the software update point',
            'ansible.builtin.import_role': {'name': 'configmgr.sup.preflight'}}
    if variables:
        role['vars'] = variables
    return [{'name': 'Site build step: preflight', 'hosts': f'{CM}:{SUP}', 'gather_facts': False, 'tasks': [role]}]


def problems(lab: Lab, name: str, variables: dict) -> dict:
    playbook = lab.state_dir / f'{name}.yml'
    playbook.write_text(yaml.safe_dump(play(variables)))
    run = lab.playbook(playbook)
    results = run.results(PROBLEMS)
    for host, result in results.items():
        assert not result.get('failed'), (name, host, result.get('msg'))
    return {host: result['ansible_facts']['preflight_problems'] for host, result in results.items()}


@pytest.fixture(scope='module')
def built_lab(tmp_path_factory):
    lab = Lab(tmp_path_factory.mktemp('preflight-role') / 'lab-state')
    lab.set_host_config(SUP, {'faults': {'missing_certificate': True}})
    run = lab.playbook('wsus_install.yml', '-e', f'target={SUP}')
    assert run.rc == 0, run.stdout[-3000:]
    return lab


@pytest.fixture(scope='module')
def expected_problems():
    """variable -> the problems found with its documented default given explicitly (one run per variable)."""
    return {}


def test_the_role_runs_alone_with_no_variable(built_lab):
    assert problems(built_lab, 'alone', {}) == {CM: [], SUP: []}


@pytest.mark.parametrize('form', FORMS)
@pytest.mark.parametrize('variable', DEFAULTS)
def test_unset_null_and_omit_keep_the_default(built_lab, variable, form, expected_problems):
    base = {name: value for name, value in SITE.items() if name != variable}
    if variable not in expected_problems:
        expected_problems[variable] = problems(built_lab, f'{variable}-default', dict(base, **{variable: DEFAULTS[variable]}))
    expected = expected_problems[variable]
    variables = dict(base)
    if FORMS[form] is not None:
        variables[variable] = None if FORMS[form] == 'null' else FORMS[form]
    assert problems(built_lab, f'{variable}-{form}', variables) == expected
