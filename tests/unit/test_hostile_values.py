"""Hostile values (quotes, ;, $(...), backticks, newlines) reach the host only as parameters.

Each module runs with such values where its options allow them; the script text sent to the host
must never contain them, and they must arrive intact in ``parameters`` or ``sensitive_parameters``.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_proxy import SupProxyAction
from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_role import SupRoleAction
from ansible_collections.configmgr.sup.plugins.plugin_utils._wsus_connection_account import WsusConnectionAccountAction
from ansible_collections.configmgr.sup.plugins.plugin_utils._wsus_install import WsusInstallAction
from ansible_collections.configmgr.sup.plugins.plugin_utils._wsus_ssl_vroots import WsusSslVrootsAction
from cmprobe import site_probe
from harness import FakeHost, ok, run_action
from test_wsus_ssl_vroots import probe as ssl_probe
from test_wsus_install import probe as install_probe

PATH = "D:\\W'SU;S$(Remove-Item -Recurse D)`x"
ACCOUNT = "CONTOSO\\o'b$(calc)`x"
SECRET = "p'a\"s;s$(whoami)`n\r\nEND"
SITE = "WSUS';$(calc)`\n#"


def cm_account_probe():
    return {'site_code': 'PR1', 'account': {'name': ACCOUNT, 'sid': 'S-1-5-21-1'}, 'account_exists': False,
            'sup_exists': True, 'wsus_access_account': ''}


CASES = [
    (WsusInstallAction, {'content_dir': PATH}, {'wsus_install/get': install_probe()}, [PATH]),
    (WsusSslVrootsAction, {'site_name': SITE},
     {'wsus_ssl_vroots/get': dict(ssl_probe(site=SITE), sites={SITE: ssl_probe()['sites']['WSUS Administration']})},
     [SITE]),
    (WsusConnectionAccountAction, {'scope': 'configmgr', 'username': ACCOUNT, 'password': SECRET,
                                   'site_system': 'sup01.contoso.com'},
     {'wsus_connection_account_configmgr/get': cm_account_probe()}, [ACCOUNT, SECRET]),
    (SupRoleAction, {'site_system': 'sup01.contoso.com', 'install_account': ACCOUNT},
     {'sup_role/get': site_probe(accounts={ACCOUNT: True})}, [ACCOUNT]),
    (SupProxyAction, {'site_system': 'sup01.contoso.com', 'proxy_server': 'proxy01.contoso.com',
                      'proxy_username': ACCOUNT, 'proxy_password': SECRET},
     {'sup_proxy/get': site_probe(server={}, sup={}, accounts={ACCOUNT: False}, logs=('WCM.log',))}, [ACCOUNT, SECRET]),
]


@pytest.mark.parametrize('action, args, probes, values', CASES, ids=lambda c: getattr(c, 'MODULE', None))
def test_hostile_values_travel_only_as_parameters(action, args, probes, values):
    answers = {op: ok(state, changed=False) for op, state in probes.items()}
    answers.update({op.replace('/get', '/set'): ok({'logs': {}, 'configure_ssl': {'exit_code': 0, 'output': []},
                                                     'restart_needed': False, 'postinstall': None})
                    for op in probes})
    fake = FakeHost(answers)
    result = run_action(action, args, fake)
    assert len(fake.calls) == 2, result  # the value made it to the apply script
    for call in fake.calls:
        for value in values:
            assert value not in call['script']
    sent = json.dumps([c.get('parameters') for c in fake.calls]) + json.dumps([c.get('sensitive_parameters')
                                                                            for c in fake.calls])
    for value in values:
        assert json.dumps(value)[1:-1] in sent
    assert SECRET not in json.dumps(result)
