"""module_defaults with group/configmgr.sup.site (meta/runtime.yml action_groups) gives site_code to its modules."""

from __future__ import annotations

CM = 'cm01.contoso.com'
PLAYBOOK = 'module_defaults_group.yml'
GROUP_TASK = 'Read the site with the site code of the group default'
OWN_TASK = "Read the site with the task's own site code, which wins over the group default"


def sup_info_calls(lab):
    return [call for call in lab.calls() if call['op'] == 'sup_info/get' and call['host'] == CM]


def test_group_default_site_code_reaches_a_task_that_gives_none(lab):
    run = lab.playbook(PLAYBOOK, '-e', 'group_site_code=PR1')
    assert run.rc == 0, run.stdout[-3000:]
    result = run.results(GROUP_TASK)[CM]
    assert not result.get('msg'), result
    assert result['configmgr']['site_code'] == 'PR1'
    # the task names no site code: only the group default can have passed one to the probe
    assert [call['params'].count('SiteCode') for call in sup_info_calls(lab)] == [1, 1]


def test_a_site_code_from_the_group_default_is_used_and_the_tasks_own_wins(lab):
    run = lab.playbook(PLAYBOOK, '-e', 'group_site_code=XYZ')
    assert run.rc == 0, run.stdout[-3000:]
    from_group = run.results(GROUP_TASK)[CM]
    # failed_when: false keeps the play going; the module's message says which site it could not reach
    assert 'Cannot connect to the SMS Provider of site XYZ' in from_group['msg'], from_group
    assert 'configmgr' not in from_group
    own = run.results(OWN_TASK)[CM]
    assert not own.get('failed') and own['configmgr']['site_code'] == 'PR1', own
