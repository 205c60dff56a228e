"""The sup_inventory_problems filter names every problem of the inventory model at once."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.configmgr.sup.plugins.filter.sup_inventory_problems import sup_inventory_problems

GOOD = {'all': ['cm01.contoso.com', 'sup01.contoso.com'], 'ungrouped': [],
        'configmgr_site_servers': ['cm01.contoso.com'], 'configmgr_sup_servers': ['sup01.contoso.com']}


def test_the_lab_inventory_model_has_no_problem():
    assert sup_inventory_problems(GOOD) == []


def test_a_misspelled_group_is_named_with_the_group_meant():
    groups = dict(GOOD)
    groups['configmgr_sup_server'] = groups.pop('configmgr_sup_servers')
    assert sup_inventory_problems(groups) == [
        'the inventory has no group configmgr_sup_servers (the software update point servers); '
        'did you mean configmgr_sup_server?']


def test_a_missing_group_lists_the_groups_there_are_and_every_problem_is_listed():
    problems = sup_inventory_problems({'all': ['cm01'], 'ungrouped': [], 'windows': ['cm01']})
    assert problems == [
        'the inventory has no group configmgr_site_servers (the site server); the inventory has windows',
        'the inventory has no group configmgr_sup_servers (the software update point servers); the inventory has windows']


def test_site_servers_hold_exactly_one_host_named_by_fqdn():
    problems = sup_inventory_problems(dict(GOOD, configmgr_site_servers=['cm01.contoso.com', 'cm02'],
                                           configmgr_sup_servers=[]))
    assert problems[0].startswith('configmgr_site_servers must hold exactly one host') and 'it holds 2' in problems[0]
    assert problems[1] == 'configmgr_sup_servers holds no host: give it the software update point servers'
    assert problems[2].startswith('configmgr_site_servers: cm02 must be named by FQDN')


def test_something_else_than_groups_is_refused():
    with pytest.raises(AnsibleFilterError, match='expects the groups variable'):
        sup_inventory_problems(['cm01'])
