#!/usr/bin/python
# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: wsus_connection_account
short_description: The WSUS Server Connection Account of a Configuration Manager software update point
version_added: 0.1.0
description:
  - Manages the account Configuration Manager (WSUS Configuration Manager and WSUS Synchronization Manager) uses
    to connect to a remote WSUS server. It has two sides, each run on its own host with O(scope).
  - O(scope=configmgr), run on the site server, where the SMS Provider and the console are. The account
    exists as a Configuration Manager account (created with its password when missing) and is the
    software update point role's connection account (C(WSUSAccessAccount)). O(state=absent) makes the role
    use the site server's computer account again; the Configuration Manager account is kept.
  - O(scope=wsus_host), run on the WSUS server. The account is a member of the local C(Administrators)
    group (found by its well-known SID, so localized names work) and of C(WSUS Administrators). Members are
    only added; other members are never removed. O(state=absent) removes only this account from both groups.
  - Each side runs on its own host because reaching the WSUS server from the site server would be a
    second hop (controller, site server, WSUS server) that needs CredSSP or Kerberos delegation. The
    inventory already reaches both hosts directly.
  - Runs as an action plugin on the controller; the host sees only short PowerShell scripts run through
    M(ansible.windows.win_powershell). One round trip when nothing changes, two when something does.
author:
  - configmgr.sup maintainers (@configmgr-sup)
extends_documentation_fragment:
  - configmgr.sup._attributes
  - configmgr.sup._site
  - configmgr.sup._site.site_system
attributes:
  check_mode:
    support: full
    details:
      - Exact; it reads the host and reports what would change.
      - A missing software update point role or a missing C(WSUS Administrators) group (created by an earlier task
        of the same play in a real run) gives a warning and the predicted change instead of a failure; with
        O(sup_role_result), O(wsus_install_result) or O(account_result), the plan follows what that earlier task
        does, without the warning.
  diff_mode:
    support: full
    details:
      - Returns the managed state before and after; the password appears only as V(set) or V(updated).
options:
  scope:
    description:
      - V(configmgr) manages the Configuration Manager side and runs on the site server. It needs O(site_system).
      - V(wsus_host) manages the local group memberships and runs on the WSUS server of the software update point.
    type: str
    required: true
    choices: [configmgr, wsus_host]
  username:
    description:
      - The domain account, as C(DOMAIN\user) or as a UPN C(user@contoso.com). The host resolves a UPN to its
        C(DOMAIN\user) name, which is what Configuration Manager stores.
    type: str
    required: true
  password:
    description:
      - The account's password, used to create the Configuration Manager account, or to update it with
        O(update_password=always). Only with O(scope=configmgr).
      - It travels to the host only as a SecureString parameter and is never returned, logged or shown in a diff.
    type: str
  wsus_install_result:
    description:
      - With O(scope=wsus_host), the registered result of the M(configmgr.sup.wsus_install) task that runs before
        this one in the same play on the same host. In check mode, when that task would complete WSUS post-install
        (which creates the C(WSUS Administrators) group), the membership is planned without a warning about the
        missing group. A real run always reads the host.
      - A failed or skipped result, or one that changes nothing, is not used. Its values are not returned.
    type: dict
  sup_role_result:
    description:
      - With O(scope=configmgr), the registered result of the M(configmgr.sup.sup_role) task that runs before this
        one in the same play, for the same O(site_system). Used in check mode only, where that task changed nothing
        on the site.
      - When it would add the software update point role, the account is planned on the role it leaves (with the
        connection account that task sets, else the computer account), with no warning about the role missing. A
        failed or skipped result, or one that changes nothing, is not used. A real run always reads the site.
      - A result for another site system or site is refused. Its values are not returned.
    type: dict
  account_result:
    description:
      - With O(scope=configmgr), the registered result of an earlier task of this module in the same play, with
        O(scope=configmgr) and the same O(username), for another software update point. Used in check mode only;
        when that task would create the Configuration Manager account, this one plans for the account that exists
        then (as the real run finds it). A failed or skipped result, or one that creates nothing, is not used. A
        real run always reads the site.
      - A result for another account or site is refused. Its values are not returned.
    type: dict
  update_password:
    description:
      - V(on_create) sets the password only when the Configuration Manager account is created.
      - V(always) sets it on every run. Configuration Manager cannot tell whether the password differs, so the
        task then always reports a change.
    type: str
    choices: [always, on_create]
    default: on_create
  state:
    description:
      - V(present) sets the account up; V(absent) stops using it (see O(scope)).
    type: str
    choices: [present, absent]
    default: present
notes:
  - O(site_system) and O(site_code) apply only to O(scope=configmgr); a O(scope=wsus_host) task refuses them. So
    this module is not in C(group/configmgr.sup.site) (C(module_defaults) would give them to both scopes).
seealso:
  - module: configmgr.sup.wsus_install
  - name: Accounts used in Configuration Manager
    description: The WSUS Server Connection Account and the permissions it needs.
    link: https://learn.microsoft.com/mem/configmgr/core/plan-design/hierarchy/accounts
  - name: Set-CMSoftwareUpdatePoint
    description: The cmdlet that sets the connection account.
    link: https://learn.microsoft.com/powershell/module/configurationmanager/set-cmsoftwareupdatepoint
"""

EXAMPLES = r"""
# One story: WSUS and the account's rights on the WSUS host, then the account in Configuration Manager
# (in a real build, the first two run on the SUP host and the last two on the site server).
- name: Install WSUS on the SUP host
  configmgr.sup.wsus_install:
    content_dir: D:\WSUS
  register: wsus_install

- name: Give the connection account its rights on the WSUS server (check mode plans the group post-install creates)
  configmgr.sup.wsus_connection_account:
    scope: wsus_host
    username: svc-sup-wsus@contoso.com
    wsus_install_result: "{{ wsus_install }}"

- name: Make svc-sup-wsus the WSUS connection account of the SUP on sup01 (on the site server)
  configmgr.sup.wsus_connection_account:
    scope: configmgr
    username: CONTOSO\svc-sup-wsus
    password: "{{ vault_wsus_connection_password | default('example-only') }}"
    site_system: sup01.contoso.com

- name: Go back to the site server's computer account (the ConfigMgr account is kept)
  configmgr.sup.wsus_connection_account:
    scope: configmgr
    username: CONTOSO\svc-sup-wsus
    site_system: sup01.contoso.com
    state: absent
"""

RETURN = r"""
before:
  description:
    - The managed state found on the host.
    - With O(scope=configmgr), C(account) (the Configuration Manager account, null when missing), C(password)
      (V(set) or null; the value is never read) and C(wsus_access_account) (null for the computer account).
    - With O(scope=wsus_host), C(member_of), group name to membership.
  returned: always
  type: dict
  sample: {account: null, password: null, wsus_access_account: null}
after:
  description: The managed state after the task (predicted in check mode). Same keys as RV(before).
  returned: always
  type: dict
  sample: {account: CONTOSO\svc-sup-wsus, password: set, wsus_access_account: CONTOSO\svc-sup-wsus}
account:
  description: The account as the host resolved it, C(DOMAIN\user).
  returned: always
  type: str
  sample: CONTOSO\svc-sup-wsus
account_sid:
  description: The SID of the account.
  returned: with O(scope=wsus_host)
  type: str
  sample: S-1-5-21-3623811015-3361044348-30300820-1105
site_code:
  description: The site code used.
  returned: with O(scope=configmgr)
  type: str
  sample: PR1
site_system:
  description: The site system server of the software update point.
  returned: with O(scope=configmgr)
  type: str
  sample: sup01.contoso.com
changed_since_read:
  description:
    - V(true) when the apply script found the host changed since the probe read it (a console edit, a concurrent
      run) and changed nothing. The task fails naming each setting with the value read and the value now; a re-run
      plans from what is there now.
  returned: when the apply refused
  type: bool
  sample: true
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.configmgr.sup.plugins.module_utils._wsus_connection_account_spec import (
    WSUS_CONNECTION_ACCOUNT_SPEC,
)


def main():
    module = AnsibleModule(supports_check_mode=True, **WSUS_CONNECTION_ACCOUNT_SPEC.module_kwargs())
    module.fail_json(msg='configmgr.sup.wsus_connection_account runs through its action plugin; call it as a task '
                         'with the configmgr.sup collection installed')


if __name__ == '__main__':
    main()
