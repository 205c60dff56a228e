#!/usr/bin/python
# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: win_powershell
short_description: configmgr.sup lab stand-in for ansible.windows.win_powershell
description:
  - Runs the script against the simulated Windows host named by the lab connection, with the
    behaviour of ansible.windows.win_powershell reproduced from its source (lab/labsim/standin.py).
  - Options, types, defaults and choices are those of the real module (a unit test compares them).
  - O(path), O(executable), O(arguments), O(chdir), O(creates), O(removes) and O(remote_src=true)
    are accepted but fail the call with a message starting with C(lab:) when set.
options:
  arguments: {type: list, elements: str, description: Arguments of O(executable) (not modelled).}
  chdir: {type: str, description: Initial location (not modelled).}
  creates: {type: str, description: Skip when this path exists (not modelled).}
  depth:
    type: int
    default: 2
    description: Depth of Convert-OutputObject for C(output), C(result), C(diff) and C(information).
  error_action:
    type: str
    default: continue
    choices: [silently_continue, continue, stop]
    description: The C($ErrorActionPreference) of the script; C(stop) fails on any error record.
  executable: {type: str, description: Another PowerShell executable (not modelled).}
  parameters: {type: dict, description: Parameters of the script.}
  path: {type: str, description: Script path on the host (not modelled).}
  remote_src: {type: bool, default: false, description: Where O(path) is (not modelled).}
  removes: {type: str, description: Skip when this path does not exist (not modelled).}
  script: {type: str, description: The PowerShell script to run.}
  sensitive_parameters:
    type: list
    elements: dict
    description: SecureString / PSCredential parameters.
    suboptions:
      name: {type: str, required: true, description: Parameter name.}
      username: {type: str, description: PSCredential user name.}
      password: {type: str, description: PSCredential password.}
      value: {type: str, description: SecureString value.}
author: configmgr.sup contributors
"""

import os
import sys

from ansible.module_utils.basic import AnsibleModule

#: the real module's $spec (win_powershell.ps1); tests/unit/test_lab_standin_fidelity.py compares them
ARGUMENT_SPEC = dict(
    arguments=dict(type='list', elements='str'),
    chdir=dict(type='str'),
    creates=dict(type='str'),
    depth=dict(type='int', default=2),
    error_action=dict(type='str', choices=['silently_continue', 'continue', 'stop'], default='continue'),
    executable=dict(type='str'),
    parameters=dict(type='dict'),
    path=dict(type='str'),
    sensitive_parameters=dict(
        type='list', elements='dict',
        options=dict(
            name=dict(type='str', required=True),
            username=dict(type='str'),
            password=dict(type='str', no_log=True),
            value=dict(type='str', no_log=True),
        ),
        mutually_exclusive=[['value', 'username'], ['value', 'password']],
        required_one_of=[['username', 'value']],
        required_together=[['username', 'password']],
    ),
    remote_src=dict(type='bool', default=False),
    removes=dict(type='str'),
    script=dict(type='str'),
)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, required_one_of=[['path', 'script']],
                           mutually_exclusive=[['path', 'script']], supports_check_mode=True)
    lab_root = os.environ.get('LAB_ROOT')
    if not lab_root:
        module.fail_json(msg='lab: LAB_ROOT is not set; reach lab hosts with ansible_connection=lab.windows.sim')
    sys.path.insert(0, lab_root)
    from labsim.standin import run_script  # pylint: disable=import-outside-toplevel

    result = run_script(module.params, check_mode=module.check_mode,
                        verbosity=module._verbosity, diff_mode=module._diff)  # pylint: disable=protected-access
    if 'msg' in result and result.get('failed'):
        module.fail_json(**result)  # a gap in the lab ("lab: ...")
    # Like the real module (Ansible.Basic ExitJson): a failed script returns failed=true, no msg.
    module.exit_json(**result)


if __name__ == '__main__':
    main()
