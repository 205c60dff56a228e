"""Everything is validated before the first change, in one pass that lists every problem (issue 13, item 4):
the software_update_point role's entries (sup_entries_problems) and the sup_install inventory model
(sup_inventory_problems with hostvars), one table of rules for both."""

from __future__ import annotations

from ansible_collections.configmgr.sup.plugins.filter.sup_entries_problems import sup_entries_problems
from ansible_collections.configmgr.sup.plugins.filter.sup_entry import sup_entry
from ansible_collections.configmgr.sup.plugins.filter.sup_inventory_problems import sup_inventory_problems
from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_entries import ENTRY_OPTIONS, INVENTORY_VARIABLES

SUP1, SUP2, CM = 'sup01.contoso.com', 'sup02.contoso.com', 'cm01.contoso.com'
GROUPS = {'all': [CM, SUP1, SUP2], 'ungrouped': [], 'configmgr_site_servers': [CM], 'configmgr_sup_servers': [SUP1, SUP2]}
ACCOUNT = 'CONTOSO\\svc-sup-wsus'


def test_the_documented_entries_have_no_problem():
    sups = [{'site_system': SUP1, 'wsus_host': SUP1, 'ssl': True, 'proxy_server': 'proxy01.contoso.com', 'proxy_port': 8080},
            {'site_system': SUP2, 'client_connection': 'internet', 'public_fqdn': 'sup02.internet.contoso.com'}]
    assert sup_entries_problems(sups, connection_account=ACCOUNT, connection_password=True) == []


def test_every_problem_of_every_entry_is_listed_at_once_naming_the_entry_and_the_option():
    sups = [{'site_system': SUP1, 'proxy_prot': 8080, 'client_connection': 'internet', 'http_port': 'abc',
             'sync_uses_proxy': True},
            {'ssl': 'maybe', 'https_port': 70000},
            {'site_system': SUP1.upper(), 'client_connection': 'intranett'}]
    problems = sup_entries_problems(sups)
    assert problems == [
        f'software_update_point_sups[0] ({SUP1}): proxy_prot: is not an option of a software update point; '
        'did you mean proxy_port?',
        f"software_update_point_sups[0] ({SUP1}): http_port: must be a number, got 'abc'",
        f'software_update_point_sups[0] ({SUP1}): public_fqdn: is required: an Internet-facing software update point '
        '(client_connection: internet) needs the Internet FQDN of its site system',
        f'software_update_point_sups[0] ({SUP1}): sync_uses_proxy: true needs proxy_server in the same entry (a software '
        'update point cannot use a proxy its site system does not have); false turns it off',
        "software_update_point_sups[1]: ssl: must be true or false, got 'maybe'",
        'software_update_point_sups[1]: site_system: is required: the FQDN of the server that holds the software '
        'update point',
        'software_update_point_sups[1]: https_port: must be a TCP port between 1 and 65535, got 70000',
        f'software_update_point_sups[2] ({SUP1.upper()}): client_connection: must be one of intranet, internet, both, '
        "got 'intranett'",
        f'software_update_point_sups[2] ({SUP1.upper()}): site_system: {SUP1.upper()} is also the site_system of '
        f'software_update_point_sups[0] ({SUP1}): one entry per server',
    ]


def test_proxy_settings_without_a_proxy_server_are_problems_not_dropped():
    problems = sup_entries_problems([{'site_system': SUP1, 'proxy_port': 8080, 'proxy_username': 'CONTOSO\\proxy',
                                      'adr_uses_proxy': True, 'sync_uses_proxy': False}])
    assert [p.split(': ')[1] for p in problems] == ['proxy_port', 'proxy_username', 'adr_uses_proxy']


def test_a_proxy_password_must_belong_to_an_entry_with_a_proxy_username():
    sups = [{'site_system': SUP1, 'proxy_server': 'proxy01.contoso.com'}]
    problems = sup_entries_problems(sups, proxy_passwords={SUP1: 'secret-1', SUP2: 'secret-2', 'x.contoso.com': None})
    assert problems == [
        f'software_update_point_sups[0] ({SUP1}): software_update_point_proxy_passwords: a password is given but no '
        'proxy_username: the password would be unused',
        f'software_update_point_proxy_passwords: {SUP2}: is not the site_system of any software update point: the '
        'password would be unused']
    assert 'secret' not in ' '.join(problems)


def test_cloud_gateway_needs_internet_facing_and_ssl_and_ports_must_differ():
    problems = sup_entries_problems([{'site_system': SUP1, 'cloud_gateway': True, 'client_connection': 'intranet',
                                      'ssl': False, 'http_port': 8530, 'https_port': '8530'}])
    assert [p.split(': ')[1] for p in problems] == ['https_port', 'cloud_gateway', 'cloud_gateway']


def test_removal_takes_no_setting_and_a_state_must_be_present_or_absent():
    problems = sup_entries_problems([{'site_system': SUP1, 'state': 'absent', 'wsus_host': SUP1, 'ssl': True},
                                     {'site_system': SUP2, 'state': 'removed'}])
    assert problems == [
        f'software_update_point_sups[0] ({SUP1}): ssl: is not used with state: absent, which removes only the software '
        'update point role (the site system server and WSUS stay): leave it out',
        f'software_update_point_sups[1] ({SUP2}): state: must be one of present, absent, got \'removed\'']


def test_null_and_omit_count_as_not_given():
    sups = [{'site_system': SUP1, 'ssl': None, 'proxy_port': '__omit_place_holder__abc', 'client_connection': None}]
    assert sup_entries_problems(sups) == []


def test_connection_password_without_account_and_always_without_password():
    assert sup_entries_problems([], connection_password=True) == [
        'software_update_point_connection_password: is given but software_update_point_connection_account is not: '
        'the password would be unused']
    assert sup_entries_problems([], connection_account=ACCOUNT, update_password='always') == [
        'software_update_point_connection_password: is required with software_update_point_connection_update_password: '
        'always']
    # on_create: the account may exist already; its module says so before its change if it does not
    assert sup_entries_problems([], connection_account=ACCOUNT) == []


def hostvars(sup1=None, sup2=None, cm=None):
    lab = {'configmgr_sup_connection_account': ACCOUNT}
    return {SUP1: dict(lab, inventory_hostname=SUP1, configmgr_sup_ssl=True, configmgr_sup_proxy_server='proxy01.contoso.com',
                       configmgr_sup_proxy_port=8080) | (sup1 or {}),
            SUP2: dict(lab, inventory_hostname=SUP2, configmgr_sup_client_connection='internet',
                       configmgr_sup_public_fqdn='sup02.internet.contoso.com') | (sup2 or {}),
            CM: dict(lab, inventory_hostname=CM, configmgr_site_code='PR1', configmgr_sup_connection_password='pw')
            | (cm or {})}


def test_the_lab_inventory_has_no_problem():
    assert sup_inventory_problems(GROUPS, hostvars()) == []


def test_inventory_rules_across_hosts_are_listed_at_once_in_the_inventory_vocabulary():
    problems = sup_inventory_problems(GROUPS, hostvars(
        sup1={'configmgr_sup_certificate_thumbprint': 'AB' * 20, 'configmgr_sup_ssl': False,
              'configmgr_sup_shared_database': True, 'configmgr_sup_sql_server': 'sql01.contoso.com\\WSUS',
              'configmgr_sup_proxy_sever': 'typo', 'configmgr_sup_connection_account': 'CONTOSO\\other'},
        sup2={'configmgr_sup_public_fqdn': None, 'configmgr_sup_shared_database': True,
              'configmgr_sup_sql_server': 'sql02.contoso.com', 'configmgr_sup_proxy_password': 'secret-3',
              'configmgr_sup_proxy_port': 3128}))
    assert problems == [
        f'{SUP1}: configmgr_sup_proxy_sever: is not a variable of the configmgr.sup.sup_install inventory model; '
        'did you mean configmgr_sup_proxy_server?',
        f'{SUP2}: configmgr_sup_public_fqdn: is required: an Internet-facing software update point '
        '(configmgr_sup_client_connection: internet) needs the Internet FQDN of its site system',
        f'{SUP2}: configmgr_sup_proxy_port: needs configmgr_sup_proxy_server in the same entry: the site system proxy '
        'is set as a whole (server, port, account)',
        f'{SUP2}: configmgr_sup_proxy_password: a password is given but no configmgr_sup_proxy_username: the password '
        'would be unused',
        f'{SUP1}: configmgr_sup_certificate_thumbprint: is given but configmgr_sup_ssl is not true: the certificate is '
        'bound only when WSUS requires SSL; set configmgr_sup_ssl: true or remove the thumbprint',
        f'{SUP1}: configmgr_sup_connection_account: CONTOSO\\other differs from the site server\'s ({ACCOUNT}): the site '
        'server sets one WSUS Server Connection Account on every software update point, and WSUS on this host would '
        'grant its rights to another one; set it once for both groups',
        'configmgr_sup_shared_database: the software update points that share one SUSDB name different SQL Servers '
        f'(sql01.contoso.com\\wsus: {SUP1}; sql02.contoso.com: {SUP2}); a shared SUSDB is one database: give them the '
        'same configmgr_sup_sql_server']
    assert 'secret' not in ' '.join(problems)


def test_a_removed_host_is_checked_for_its_state_only_and_gives_a_removal_entry():
    variables = hostvars(sup2={'configmgr_sup_state': 'absent', 'configmgr_sup_public_fqdn': None})
    assert sup_inventory_problems(GROUPS, variables) == []
    assert sup_entry(variables[SUP2]) == {'site_system': SUP2, 'wsus_host': SUP2, 'state': 'absent'}
    assert sup_inventory_problems(GROUPS, hostvars(sup2={'configmgr_sup_state': 'gone'})) == [
        f"{SUP2}: configmgr_sup_state: must be one of present, absent, got 'gone'"]


def test_a_connection_password_without_the_account_is_a_problem():
    variables = hostvars(cm={'configmgr_sup_connection_account': None})
    for host in (SUP1, SUP2):
        variables[host].pop('configmgr_sup_connection_account')
    assert sup_inventory_problems(GROUPS, variables) == [
        f'{CM}: configmgr_sup_connection_password: is given but configmgr_sup_connection_account is not: the password '
        'would be unused']


def test_every_entry_variable_of_the_inventory_is_an_entry_option_and_documented():
    import pathlib  # pylint: disable=import-outside-toplevel
    import yaml  # pylint: disable=import-outside-toplevel
    role = pathlib.Path(__file__).resolve().parents[2] / 'roles' / 'software_update_point'
    spec = yaml.safe_load((role / 'meta' / 'argument_specs.yml').read_text())['argument_specs']['main']['options']
    described = ' '.join(spec['software_update_point_sups']['description'])
    readme = (role / 'README.md').read_text()
    for key in ENTRY_OPTIONS:
        assert f'C({key})' in described and f'`{key}`' in readme, key
    assert all(key in ENTRY_OPTIONS for key, var in INVENTORY_VARIABLES.items() if var.get('entry'))
