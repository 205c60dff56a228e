"""Everything is validated before the first change, in one pass that lists every problem (issue 13, item 4), on the
lab: the software_update_point role's entries, and the sup_install inventory before any host is contacted. The
lab's call record shows that no host was read or changed."""

from __future__ import annotations

import yaml

CM, SUP1, SUP2 = 'cm01.contoso.com', 'sup01.contoso.com', 'sup02.contoso.com'
REFUSE = ('configmgr.sup.software_update_point : Refuse bad entries and ports or SSL that disagree with what WSUS '
          'serves, every problem listed, before any change')
INVENTORY = 'Stop on a missing, misspelled or mis-filled group, every problem listed'


def role_play(entries, **variables):
    role = {'name': 'Software update points', 'ansible.builtin.import_role': {'name': 'configmgr.sup.software_update_point'},
            'vars': dict(variables, software_update_point_sups=entries)}
    return [{'name': 'Site build step: software update points', 'hosts': CM, 'gather_facts': False, 'tasks': [role]}]


def test_the_role_lists_every_problem_of_every_entry_in_one_failure_and_touches_no_host(lab):
    lab.state_dir.mkdir(parents=True)
    playbook = lab.state_dir / 'bad.yml'
    playbook.write_text(yaml.safe_dump(role_play(
        [{'site_system': SUP1, 'proxy_port': 8080, 'sync_uses_proxy': True, 'client_connection': 'internet'},
         {'site_system': SUP2, 'htps_port': 8531, 'state': 'absent', 'ssl': True},
         {'site_system': 'sup01.CONTOSO.com', 'http_port': 'eighty'}],
        software_update_point_proxy_passwords={SUP2: 'lab-only-Pr0xy'},
        software_update_point_connection_update_password='always',
        software_update_point_connection_account='CONTOSO\\svc-sup-wsus')))
    run = lab.playbook(playbook)
    assert run.rc != 0
    message = run.results(REFUSE)[CM]['msg']
    expected = [
        f'software_update_point_sups[0] ({SUP1}): proxy_port: needs proxy_server in the same entry',
        f'software_update_point_sups[0] ({SUP1}): sync_uses_proxy: true needs proxy_server in the same entry',
        f'software_update_point_sups[0] ({SUP1}): public_fqdn: is required: an Internet-facing software update point',
        f'software_update_point_sups[1] ({SUP2}): htps_port: is not an option of a software update point; did you mean '
        'https_port?',
        f'software_update_point_sups[1] ({SUP2}): ssl: is not used with state: absent',
        "software_update_point_sups[2] (sup01.CONTOSO.com): http_port: must be a number, got 'eighty'",
        'software_update_point_sups[2] (sup01.CONTOSO.com): site_system: sup01.CONTOSO.com is also the site_system of '
        'software_update_point_sups[0]',
        f'software_update_point_sups[1] ({SUP2}): software_update_point_proxy_passwords: a password is given but no '
        'proxy_username',
        'software_update_point_connection_password: is required with software_update_point_connection_update_password',
    ]
    assert message.startswith(f'software_update_point: {len(expected)} problem(s), nothing was changed: '), message
    for problem in expected:
        assert problem in message, (problem, message)
    assert 'lab-only-Pr0xy' not in run.stdout + run.stderr
    assert lab.calls() == []  # not even a read: bad input fails before any host is touched


def test_sup_install_lists_every_inventory_problem_before_any_host_is_contacted(lab):
    lab.state_dir.mkdir(parents=True)
    lab.overlay.write_text(yaml.safe_dump({'all': {'hosts': {
        SUP1: {'configmgr_sup_ssl': False, 'configmgr_sup_certificate_thumbprint': 'A' * 40,
               'configmgr_sup_proxy_sever': 'proxy02.contoso.com', 'configmgr_sup_database': 'sql',
               'configmgr_sup_shared_database': True, 'configmgr_sup_sql_server': 'sql01.contoso.com'},
        SUP2: {'configmgr_sup_public_fqdn': None, 'configmgr_sup_proxy_port': 3128, 'configmgr_sup_database': 'sql',
               'configmgr_sup_shared_database': True, 'configmgr_sup_sql_server': 'sql02.contoso.com',
               'configmgr_sup_connection_account': 'CONTOSO\\someone-else'},
    }}}))
    run = lab.playbook('configmgr.sup.sup_install')
    assert run.rc != 0
    problems = run.results(INVENTORY)['localhost']['msg']
    assert problems == [
        f'{SUP1}: configmgr_sup_proxy_sever: is not a variable of the configmgr.sup.sup_install inventory model; did '
        'you mean configmgr_sup_proxy_server?',
        f'{SUP2}: configmgr_sup_public_fqdn: is required: an Internet-facing software update point '
        '(configmgr_sup_client_connection: internet) needs the Internet FQDN of its site system',
        f'{SUP2}: configmgr_sup_proxy_port: needs configmgr_sup_proxy_server in the same entry: the site system proxy '
        'is set as a whole (server, port, account)',
        f'{SUP1}: configmgr_sup_certificate_thumbprint: is given but configmgr_sup_ssl is not true: the certificate is '
        'bound only when WSUS requires SSL; set configmgr_sup_ssl: true or remove the thumbprint',
        f'{SUP2}: configmgr_sup_connection_account: CONTOSO\\someone-else differs from the site server\'s '
        '(CONTOSO\\svc-sup-wsus): the site server sets one WSUS Server Connection Account on every software update '
        'point, and WSUS on this host would grant its rights to another one; set it once for both groups',
        'configmgr_sup_shared_database: the software update points that share one SUSDB name different SQL Servers '
        f'(sql01.contoso.com: {SUP1}; sql02.contoso.com: {SUP2}); a shared SUSDB is one database: give them the same '
        'configmgr_sup_sql_server',
    ]
    assert lab.calls() == []
