#!/usr/bin/python
# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: win_powershell
short_description: configmgr.sup lab stand-in for ansible.windows.win_powershell
description:
  - Runs no PowerShell. Recognises a configmgr.sup script by its C(# op:) header and applies the
    lab's model of that operation to the simulated Windows host named by the lab connection.
  - Behaves like the real module where the collection depends on it; see lab/labsim/standin.py.
options:
  script: {type: str, description: Script text.}
  parameters: {type: dict, description: Plain parameters.}
  sensitive_parameters:
    type: list
    elements: dict
    description: SecureString / PSCredential parameters.
    suboptions:
      name: {type: str, required: true, description: Parameter name.}
      value: {type: str, description: SecureString value.}
      username: {type: str, description: PSCredential user name.}
      password: {type: str, description: PSCredential password.}
  error_action: {type: str, default: continue, choices: [silently_continue, continue, stop], description: ErrorActionPreference.}
  depth: {type: int, default: 2, description: Output depth.}
author: configmgr.sup contributors
"""

import os
import sys

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(
            script=dict(type='str'),
            parameters=dict(type='dict'),
            sensitive_parameters=dict(type='list', elements='dict', options=dict(
                name=dict(type='str', required=True),
                value=dict(type='str', no_log=True),
                username=dict(type='str'),
                password=dict(type='str', no_log=True),
            )),
            error_action=dict(type='str', default='continue', choices=['silently_continue', 'continue', 'stop']),
            depth=dict(type='int', default=2),
        ),
        supports_check_mode=True,
    )
    lab_root = os.environ.get('LAB_ROOT')
    if not lab_root:
        module.fail_json(msg='lab: LAB_ROOT is not set; reach lab hosts with ansible_connection=lab.windows.sim')
    sys.path.insert(0, lab_root)
    from labsim.standin import run_script  # pylint: disable=import-outside-toplevel

    result = run_script(module.params, check_mode=module.check_mode)
    if result.get('failed'):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
