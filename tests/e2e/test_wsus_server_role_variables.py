"""The wsus_server role inside someone else's playbook: each variable documented as "null leaves it as
it is" does so when it is unset, null or omitted (a caller's ``{{ x | default(omit) }}``).

One lab is built once with every setting away from its default (port 80, SSL, the connection
account, the console on the site server); each case then runs the role in check mode, which is exact,
and the task the variable drives must neither change nor fail.
"""

from __future__ import annotations

import pytest
import yaml
from lab import Lab

SUP, CM = 'sup01.contoso.com', 'cm01.contoso.com'
ACCOUNT = 'CONTOSO\\svc-sup-wsus'
#: variable -> (its value in the built lab, the role task it drives)
VARIABLES = {
    'wsus_server_ssl': (True, 'Require SSL on WSUS, or revert it to HTTP'),
    'wsus_server_http_port': (80, 'Install WSUS and complete its post-install'),
    'wsus_server_connection_account': (ACCOUNT, 'Give the WSUS Server Connection Account its local groups'),
    'wsus_server_site_server': (CM, 'Install the WSUS console on the site server of these remote software update points'),
}
FORMS = {'unset': None, 'null': 'null', 'omit': '{{ configmgr_sup_test_undefined | default(omit) }}'}


def play(variables: dict) -> list[dict]:
    role = {'name': 'WSUS for the software update point', 'ansible.builtin.import_role': {'name': 'configmgr.sup.wsus_server'},
            'vars': dict({'wsus_server_content_dir': 'D:\\WSUS'}, **variables)}
    return [{'name': 'Site build step: WSUS', 'hosts': SUP, 'gather_facts': False, 'tasks': [role]}]


@pytest.fixture(scope='module')
def built_lab(tmp_path_factory):
    lab = Lab(tmp_path_factory.mktemp('wsus-server-role') / 'lab-state')
    lab.state_dir.mkdir(parents=True)
    playbook = lab.state_dir / 'build.yml'
    playbook.write_text(yaml.safe_dump(play({name: value for name, (value, _) in VARIABLES.items()})))
    run = lab.playbook(playbook)
    assert run.rc == 0, run.stdout[-3000:]
    return lab


@pytest.mark.parametrize('form', FORMS)
@pytest.mark.parametrize('variable', VARIABLES)
def test_unset_null_and_omit_leave_the_setting_as_it_is(built_lab, variable, form):
    variables = {name: value for name, (value, _) in VARIABLES.items() if name != variable}
    if FORMS[form] is not None:
        variables[variable] = None if FORMS[form] == 'null' else FORMS[form]
    playbook = built_lab.state_dir / f'{variable}-{form}.yml'
    playbook.write_text(yaml.safe_dump(play(variables)))
    run = built_lab.playbook(playbook, '--check', '--diff')
    assert run.rc == 0, run.stdout[-3000:]
    for host, result in run.results('configmgr.sup.wsus_server : ' + VARIABLES[variable][1]).items():
        assert not result.get('failed'), (host, result.get('msg'))
        assert result.get('changed') is not True, (host, result.get('diff') or result)
