"""The software_update_point role inside someone else's playbook: each variable, and each entry option, documented
as "unset, null or omitted leaves the setting as it is" does so in its three forms (a caller's
``{{ x | default(omit) }}`` included).

One lab is built once: sup_install for cm01 and sup01, then the role alone with every setting away from its
default (SSL, Internet and intranet clients with an Internet FQDN, the cloud management gateway, site server
initiated transfers, an installation account, a proxy with its port, account and both options). Each case then
runs the role in check mode, which is exact, with one of them unset, null or omitted: nothing may change or fail.
"""

from __future__ import annotations

import pytest
import yaml
from lab import Lab

CM, SUP1 = 'cm01.contoso.com', 'sup01.contoso.com'
ACCOUNT = 'CONTOSO\\svc-sup-wsus'
ENTRY = {'site_system': SUP1, 'ssl': True, 'http_port': 8530, 'client_connection': 'both',
         'public_fqdn': 'sup01.internet.contoso.com', 'cloud_gateway': True, 'site_server_initiated_transfers': True,
         'proxy_server': 'proxy01.contoso.com', 'proxy_port': 8080, 'proxy_username': 'CONTOSO\\svc-cm-proxy',
         'sync_uses_proxy': True, 'adr_uses_proxy': True}
ROLE_VARIABLES = {'software_update_point_connection_account': ACCOUNT, 'software_update_point_install_account': ACCOUNT}
PASSWORDS = {'software_update_point_proxy_passwords': {SUP1: 'lab-only-Pr0xy-Acct'}}
#: what must go with a variable when it is not given, because it is refused without it (listed, never dropped)
GOES_WITH = {'proxy_server': ['proxy_port', 'proxy_username', 'sync_uses_proxy', 'adr_uses_proxy', 'passwords'],
             'proxy_username': ['passwords'], 'public_fqdn': ['client_connection']}
FORMS = {'unset': None, 'null': 'null', 'omit': '{{ configmgr_sup_test_undefined | default(omit) }}'}


def play(entry: dict, variables: dict) -> list[dict]:
    role = {'name': 'Software update points', 'ansible.builtin.import_role': {'name': 'configmgr.sup.software_update_point'},
            'vars': dict(variables, software_update_point_sups=[entry], software_update_point_verify=False)}
    return [{'name': 'Site build step: software update points', 'hosts': CM, 'gather_facts': False, 'tasks': [role]}]


@pytest.fixture(scope='module')
def built_lab(tmp_path_factory):
    lab = Lab(tmp_path_factory.mktemp('sup-role-variables') / 'lab-state')
    run = lab.playbook('configmgr.sup.sup_install', '--limit', f'{CM},{SUP1}')
    assert run.rc == 0, run.stdout[-3000:]
    playbook = lab.state_dir / 'build.yml'
    playbook.write_text(yaml.safe_dump(play(ENTRY, dict(ROLE_VARIABLES, **PASSWORDS))))
    run = lab.playbook(playbook)
    assert run.rc == 0, run.stdout[-3000:]
    assert sum(stats['changed'] for stats in run.stats().values()) > 0  # the settings moved away from the defaults
    return lab


@pytest.mark.parametrize('form', FORMS)
@pytest.mark.parametrize('variable', list(ROLE_VARIABLES) + [key for key in ENTRY if key != 'site_system'])
def test_unset_null_and_omit_leave_the_setting_as_it_is(built_lab, variable, form):
    dropped = [variable] + GOES_WITH.get(variable, [])
    entry = {key: value for key, value in ENTRY.items() if key not in dropped}
    variables = {key: value for key, value in ROLE_VARIABLES.items() if key not in dropped}
    if 'passwords' not in dropped:
        variables.update(PASSWORDS)
    for name in dropped:
        target = entry if name in ENTRY else variables if name in ROLE_VARIABLES else None
        if target is not None and FORMS[form] is not None:
            target[name] = None if FORMS[form] == 'null' else FORMS[form]
    playbook = built_lab.state_dir / f'{variable}-{form}.yml'
    playbook.write_text(yaml.safe_dump(play(entry, variables)))
    run = built_lab.playbook(playbook, '--check', '--diff')
    assert run.rc == 0, run.stdout[-3000:]
    changed = [(task['task']['name'], result.get('diff') or result.get('after'))
               for play_ in run.report['plays'] for task in play_['tasks']
               for result in task['hosts'].values() if result.get('changed')]
    assert changed == []
