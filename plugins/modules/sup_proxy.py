#!/usr/bin/python
# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: sup_proxy
short_description: The proxy of a software update point's site system server, and the SUP's use of it
version_added: 0.1.0
description:
  - Sets the site system proxy of a site system server (server, port, optional account) and the two proxy
    options of its software update point, through the ConfigurationManager PowerShell module. Run it on the site
    server.
  - The site system proxy is per server and shared by all of its roles. The SUP additionally opts in to use it for
    synchronization and for automatic deployment rule (ADR) downloads.
  - Always sends the full proxy set, because C(Set-CMSiteSystemServer) resets an omitted port to 80 and an omitted
    account to none. Options the task leaves out keep their current value.
  - Refuses to turn on either SUP option when the server has no proxy and the task does not set one (Configuration
    Manager would fail with "The address of the proxy server cannot be empty").
  - With O(state=absent), turns both SUP options off and, with O(remove_site_system_proxy=true), also removes the
    site system proxy. The proxy account stays in Configuration Manager.
  - Returns the position of WCM.log on the site server at the moment of the change; WCM pushes the proxy to WSUS
    and logs the outcome there (M(configmgr.sup.sup_log_verify) checks it).
  - Runs as an action plugin on the controller; the host sees only short PowerShell scripts run through
    M(ansible.windows.win_powershell). One round trip when nothing changes, two when something does.
author:
  - configmgr.sup maintainers (@configmgr-sup)
extends_documentation_fragment:
  - configmgr.sup._attributes
  - configmgr.sup._attributes.actiongroup_site
  - configmgr.sup._site
  - configmgr.sup._site.site_system
attributes:
  check_mode:
    support: full
    details:
      - Exact; it reads the site and reports what would change.
      - A missing site system server or SUP role (added by an earlier task in a real run) gives a warning and the
        predicted change instead of a failure; with O(sup_role_result), the plan follows what that earlier task
        adds, without the warning.
  diff_mode:
    support: full
    details:
      - Returns the site system proxy and the SUP options before and after; a password appears only as V(set) or
        V(updated).
options:
  site_system:
    required: true
  state:
    description:
      - V(present) sets what the task gives; V(absent) turns the SUP's proxy options off.
    type: str
    choices: [present, absent]
    default: present
  proxy_server:
    description:
      - The proxy server, as an FQDN, host name or IP address, without scheme or port.
    type: str
  proxy_port:
    description:
      - The proxy port. When omitted, the current port is kept, or 80 for a server that had no proxy.
      - Needs O(proxy_server).
    type: int
  proxy_username:
    description:
      - C(DOMAIN\user) of the account the site system uses to authenticate to the proxy. It is a Configuration
        Manager account, created with O(proxy_password) when missing. UPNs are not accepted by the cmdlets.
      - An empty string means no credentials. When omitted, the current account is kept.
      - Needs O(proxy_server).
    type: str
  proxy_password:
    description:
      - Password of O(proxy_username), to create the Configuration Manager account or, with
        O(update_password=always), to update it.
      - It travels to the host only as a SecureString parameter and is never returned, logged or shown in a diff.
    type: str
  update_password:
    description:
      - V(on_create) sets the password only when the account is created; V(always) on every run, which then always
        reports a change.
    type: str
    choices: [always, on_create]
    default: on_create
  sync_uses_proxy:
    description:
      - Use the proxy server when synchronizing software updates (the SUP's C(UseProxy)).
    type: bool
  adr_uses_proxy:
    description:
      - Use the proxy server when automatic deployment rules download content (the SUP's C(UseProxyForADR)).
    type: bool
  remove_site_system_proxy:
    description:
      - With O(state=absent), also remove the site system proxy. Every role of the server stops using it, and the
        module warns which roles besides the SUP are affected.
    type: bool
    default: false
  sup_role_result:
    description:
      - The registered result of the M(configmgr.sup.sup_role) task that runs before this one in the same play, for
        the same O(site_system). Used in check mode only, where that task changed nothing on the site.
      - When it would add the site system server or the software update point role, the plan is made for the server
        and role it leaves (a new server has no proxy, a new role uses none), with no warning about them missing. A
        failed or skipped result, or one that changes nothing, is not used. A real run always reads the site.
      - Only with O(state=present); a result for another site system or site is refused. Its values are not
        returned.
    type: dict
notes:
  - The SYSTEM account's WinHTTP proxy on the SUP (C(netsh winhttp show proxy) run as SYSTEM) is separate and not
    changed here.
seealso:
  - module: configmgr.sup.sup_role
  - name: Software update point installation and configuration
    description: The proxy settings of the site system and of the software update point.
    link: https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/software-update-point-installation-and-configuration
  - name: Set-CMSiteSystemServer
    description: The cmdlet that sets the site system proxy.
    link: https://learn.microsoft.com/powershell/module/configurationmanager/set-cmsitesystemserver
"""

EXAMPLES = r"""
- name: Synchronize sup01 through the proxy (run on the site server)
  configmgr.sup.sup_proxy:
    site_system: sup01.contoso.com
    proxy_server: proxy01.contoso.com
    proxy_port: 8080
    sync_uses_proxy: true
    adr_uses_proxy: true

- name: Add the software update point role on sup01
  configmgr.sup.sup_role:
    site_system: sup01.contoso.com
  register: sup01_role

- name: Set its proxy; in check mode, planned for the server and role the task above adds
  configmgr.sup.sup_proxy:
    site_system: sup01.contoso.com
    proxy_server: proxy01.contoso.com
    sync_uses_proxy: true
    sup_role_result: "{{ sup01_role }}"

- name: Use a proxy that requires credentials
  configmgr.sup.sup_proxy:
    site_system: sup01.contoso.com
    proxy_server: proxy01.contoso.com
    proxy_port: 8080
    proxy_username: CONTOSO\svc-cm-proxy
    proxy_password: "{{ vault_proxy_password | default('example-only') }}"
    sync_uses_proxy: true

- name: Stop using the proxy for synchronization and ADRs, and remove it from the server
  configmgr.sup.sup_proxy:
    site_system: sup01.contoso.com
    state: absent
    remove_site_system_proxy: true
"""

RETURN = r"""
before:
  description:
    - C(site_system_proxy) (C(enabled), C(server), C(port), C(username)) and C(software_update_point)
      (C(sync_uses_proxy), C(adr_uses_proxy)); null when the server or the role is missing.
  returned: always
  type: dict
  sample:
    site_system_proxy: {enabled: false, server: '', port: null, username: ''}
    software_update_point: {sync_uses_proxy: false, adr_uses_proxy: false}
after:
  description:
    - The settings after the task (predicted in check mode). Same keys as RV(before), plus
      C(proxy_account_password) (V(set) or V(updated)) when the task set the account's password.
  returned: always
  type: dict
  sample:
    site_system_proxy: {enabled: true, server: proxy01.contoso.com, port: 8080, username: ''}
    software_update_point: {sync_uses_proxy: true, adr_uses_proxy: true}
site_code:
  description: The site code used.
  returned: always
  type: str
  sample: PR1
site_system:
  description: The site system server, as given.
  returned: always
  type: str
  sample: sup01.contoso.com
log_positions:
  description: For WCM.log on the site server, the path and the size in bytes just before the change (or now).
  returned: always
  type: dict
  sample:
    WCM.log: {path: C:\Program Files\Microsoft Configuration Manager\Logs\WCM.log, position: 5120}
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

from ansible_collections.configmgr.sup.plugins.module_utils._sup_proxy_spec import SUP_PROXY_SPEC


def main():
    module = AnsibleModule(supports_check_mode=True, **SUP_PROXY_SPEC.module_kwargs())
    module.fail_json(msg='configmgr.sup.sup_proxy runs through its action plugin; call it as a task '
                         'with the configmgr.sup collection installed')


if __name__ == '__main__':
    main()
