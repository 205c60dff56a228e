"""Bad input corpus: every module refuses invalid arguments before any call to the host.

One playbook holds every bad call (ignore_errors, registered); the lab's call record must stay
empty, which proves that no bad value reached a host, and every message must name the option.
"""

from __future__ import annotations

import json

A40 = 'A' * 40
CORPUS = [
    # wsus_install
    ('wsus_install', {'role': 'servers'}, 'role'),
    ('wsus_install', {'content_dir': ''}, 'content_dir'),
    ('wsus_install', {'content_dir': 'WSUS'}, 'content_dir'),
    ('wsus_install', {'content_dir': '\\\\fs01\\wsus'}, 'content_dir'),
    ('wsus_install', {'content_dir': 'D:\\WSUS\\..\\x'}, 'content_dir'),
    ('wsus_install', {'content_dir': 'D:\\WSUS', 'http_port': 'eighty'}, 'http_port'),
    ('wsus_install', {'content_dir': 'D:\\WSUS', 'http_port': 8080}, 'http_port'),
    ('wsus_install', {'content_dir': 'D:\\WSUS', 'database': 'sql'}, 'sql_server'),
    ('wsus_install', {'content_dir': 'D:\\WSUS', 'database': 'sql', 'sql_server': 'sql01\\bad name'}, 'sql_server'),
    ('wsus_install', {'content_dir': 'D:\\WSUS', 'database': 'sql', 'sql_server': ''}, 'sql_server'),
    ('wsus_install', {'content_dir': 'D:\\WSUS', 'sql_server': 'sql01'}, 'sql_server'),
    ('wsus_install', {'content_dir': 'D:\\WSUS', 'console_ui': 'maybe'}, 'console_ui'),
    ('wsus_install', {'content_dir': 'D:\\WSUS', 'colour': 'blue'}, 'colour'),
    ('wsus_install', {'role': 'console', 'http_port': 80}, 'http_port'),
    # wsus_ssl_vroots
    ('wsus_ssl_vroots', {'fqdn': 'sup01'}, 'fqdn'),
    ('wsus_ssl_vroots', {'fqdn': ''}, 'fqdn'),
    ('wsus_ssl_vroots', {'fqdn': 'sup_01.contoso.com'}, 'fqdn'),
    ('wsus_ssl_vroots', {'certificate_thumbprint': 'ZZ'}, 'certificate_thumbprint'),
    ('wsus_ssl_vroots', {'certificate_thumbprint': A40 + 'B'}, 'certificate_thumbprint'),
    ('wsus_ssl_vroots', {'state': 'absent', 'certificate_thumbprint': A40}, 'certificate_thumbprint'),
    ('wsus_ssl_vroots', {'site_name': ' '}, 'site_name'),
    ('wsus_ssl_vroots', {'state': 'on'}, 'state'),
    ('wsus_ssl_vroots', {'port': 8531}, 'port'),
    # wsus_connection_account
    ('wsus_connection_account', {'scope': 'wsus_host', 'username': ''}, 'username'),
    ('wsus_connection_account', {'scope': 'wsus_host', 'username': 'svc-sup-wsus'}, 'username'),
    ('wsus_connection_account', {'scope': 'wsus_host', 'username': 'CONTOSO\\a;b'}, 'username'),
    ('wsus_connection_account', {'scope': 'wsus_host', 'username': 'svc@'}, 'username'),
    ('wsus_connection_account', {'scope': 'wsus_host', 'username': 'CONTOSO\\x', 'site_code': 'PR1'}, 'site_code'),
    ('wsus_connection_account', {'scope': 'configmgr', 'username': 'CONTOSO\\x'}, 'site_system'),
    ('wsus_connection_account', {'scope': 'configmgr', 'username': 'CONTOSO\\x', 'site_system': 'bad host'},
     'site_system'),
    ('wsus_connection_account', {'scope': 'configmgr', 'username': 'CONTOSO\\x', 'site_system': 'sup01.contoso.com',
                                 'site_code': 'ABCD'}, 'site_code'),
    ('wsus_connection_account', {'scope': 'configmgr', 'username': 'CONTOSO\\x', 'site_system': 'sup01.contoso.com',
                                 'update_password': 'always'}, 'password'),
    ('wsus_connection_account', {'username': 'CONTOSO\\x'}, 'scope'),
    # sup_role
    ('sup_role', {'site_system': ''}, 'site_system'),
    ('sup_role', {'site_system': 'sup01.contoso.com', 'http_port': 0}, 'http_port'),
    ('sup_role', {'site_system': 'sup01.contoso.com', 'https_port': 65536}, 'https_port'),
    ('sup_role', {'site_system': 'sup01.contoso.com', 'http_port': 8531, 'https_port': 8531}, 'https_port'),
    ('sup_role', {'site_system': 'sup01.contoso.com', 'client_connection': 'everywhere'}, 'client_connection'),
    ('sup_role', {'site_system': 'sup01.contoso.com', 'client_connection': 'intranet', 'cloud_gateway': True},
     'cloud_gateway'),
    ('sup_role', {'site_system': 'sup01.contoso.com', 'connection_account': 'svc@contoso.com'}, 'connection_account'),
    ('sup_role', {'site_system': 'sup01.contoso.com', 'public_fqdn': 'not a host'}, 'public_fqdn'),
    ('sup_role', {'site_system': 'sup01.contoso.com', 'state': 'absent', 'ssl': True}, 'ssl'),
    ('sup_role', {'site_system': 'sup01.contoso.com', 'wsus_port': 8530}, 'wsus_port'),
    # sup_proxy
    ('sup_proxy', {'site_system': 'sup01.contoso.com', 'proxy_server': 'http://proxy01:8080'}, 'proxy_server'),
    ('sup_proxy', {'site_system': 'sup01.contoso.com', 'proxy_server': 'proxy01', 'proxy_port': 70000}, 'proxy_port'),
    ('sup_proxy', {'site_system': 'sup01.contoso.com', 'proxy_port': 8080}, 'proxy_port'),
    ('sup_proxy', {'site_system': 'sup01.contoso.com', 'proxy_server': 'proxy01', 'proxy_password': 'x'},
     'proxy_username'),
    ('sup_proxy', {'site_system': 'sup01.contoso.com', 'update_password': 'sometimes'}, 'update_password'),
    ('sup_proxy', {'site_system': 'sup01.contoso.com', 'state': 'absent', 'sync_uses_proxy': True}, 'sync_uses_proxy'),
    ('sup_proxy', {'site_system': 'sup01.contoso.com', 'remove_site_system_proxy': True}, 'remove_site_system_proxy'),
    # sup_log_verify
    ('sup_log_verify', {}, 'checks'),
    ('sup_log_verify', {'checks': ['sup_install']}, 'site_system'),
    ('sup_log_verify', {'checks': ['all']}, 'checks'),
    ('sup_log_verify', {'checks': ['proxy'], 'positions': {'WCM.log': -1}}, 'positions'),
    ('sup_log_verify', {'checks': ['proxy'], 'timeout': -5}, 'timeout'),
    ('sup_log_verify', {'checks': ['proxy'], 'poll_interval': 0}, 'poll_interval'),
    ('sup_log_verify', {'checks': ['proxy'], 'max_bytes_per_read': 10}, 'max_bytes_per_read'),
    ('sup_log_verify', {'custom_checks': [{'name': 'x', 'log': 'WCM.log', 'success': '(('}]}, 'custom_checks'),
    ('sup_log_verify', {'custom_checks': [{'name': 'x', 'log': 'C:\\x.log', 'success': 'ok'}]}, 'custom_checks'),
    # sup_info
    ('sup_info', {'connection_account': 'nobody'}, 'connection_account'),
    ('sup_info', {'site_code': '1'}, 'site_code'),
    ('sup_info', {'logs': ['..\\x.log']}, 'logs'),
]


def test_every_bad_input_fails_naming_the_option_and_nothing_reaches_a_host(lab):
    tasks = [{'name': f'bad {i}', f'configmgr.sup.{module}': args, 'register': f'bad_{i}', 'ignore_errors': True}
             for i, (module, args, _) in enumerate(CORPUS)]
    playbook = lab.state_dir / 'corpus.yml'
    playbook.parent.mkdir(parents=True, exist_ok=True)
    playbook.write_text(json.dumps([{'name': 'Bad input', 'hosts': 'sup01.contoso.com', 'gather_facts': False,
                                     'tasks': tasks}]))
    run = lab.playbook(playbook)
    assert lab.calls() == []  # the call record: no bad value reached the host
    wrong = []
    for i, (module, args, option) in enumerate(CORPUS):
        result = run.results(f'bad {i}')['sup01.contoso.com']
        message = result.get('msg', '')
        if not (result.get('failed') and message.startswith(f'configmgr.sup.{module}: ') and option in message):
            wrong.append((module, args, message))
    assert not wrong, wrong
    assert len(CORPUS) >= 60
