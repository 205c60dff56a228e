#!/usr/bin/python
# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: sup_role
short_description: The Configuration Manager software update point role on a site system server
version_added: 0.1.0
description:
  - Creates, updates or removes the software update point (SUP) role on a site system server, through the
    ConfigurationManager PowerShell module. Run it on the site server (where the SMS Provider and the console
    are); O(site_system) names the server that gets the role.
  - Creates the site system server first when it does not exist, with its intranet FQDN (O(site_system)), an
    optional Internet FQDN, the installation account (or the site server's computer account) and the "allow
    only site server initiated data transfers" setting.
  - Only the settings the task gives are compared and changed. A setting the task leaves out keeps what the
    site has, so defaults never overwrite what an admin set in the console.
  - With O(state=absent), removes only the SUP role. The site system server stays (it may hold other roles, and
    a removed server needs a clean-up this module does not guess at). WSUS on the server is never touched.
  - The proxy settings are left to M(configmgr.sup.sup_proxy).
  - Returns the positions of SMSProv.log, SiteComp.log and WCM.log on the site server at the moment of the change, so
    M(configmgr.sup.sup_log_verify) reads only what follows.
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
      - Exact; it reads the site and reports what would change. An account that does not exist yet gives a warning
        and the predicted change instead of a failure.
  diff_mode:
    support: full
    details:
      - Returns the site system server and role settings before and after.
options:
  site_system:
    required: true
  state:
    description:
      - V(present) adds or updates the role; V(absent) removes only the role.
    type: str
    choices: [present, absent]
    default: present
  public_fqdn:
    description:
      - Internet FQDN of the site system server. Required (here or already on the server) for an Internet-facing SUP.
      - An empty string removes it.
    type: str
  install_account:
    description:
      - C(DOMAIN\user) of an existing Configuration Manager account the site server uses to install the site
        system and connect to it. An empty string means the site server's computer account, which is also what a
        new site system server gets when this is omitted.
    type: str
  site_server_initiated_transfers:
    description:
      - Allow only site server initiated data transfers from this site system (C(FDMOperation)), for a server in
        another forest or a DMZ that cannot reach the site server's inboxes.
    type: bool
  http_port:
    description:
      - The HTTP port WSUS uses, 8530 for the C(WSUS Administration) site or 80 for the Default Web Site. It must
        match WSUS; give it the RV(configmgr.sup.wsus_install#module:http_port) that module returns on the SUP host.
      - A new role gets 8530 when omitted.
    type: int
  https_port:
    description:
      - The HTTPS port WSUS uses, 8531 or 443, as RV(configmgr.sup.wsus_install#module:https_port) returns it.
      - A new role gets 8531 when omitted.
    type: int
  ssl:
    description:
      - Require SSL communication with the WSUS server (C(SSLWSUS)). Set WSUS up for it first with
        M(configmgr.sup.wsus_ssl_vroots).
    type: bool
  client_connection:
    description:
      - Which clients the SUP serves. V(intranet), V(internet) or V(both) (C(InternetAndIntranet)).
        Internet-facing needs O(public_fqdn).
      - A new role gets V(intranet) when omitted.
    type: str
    choices: [intranet, internet, both]
  cloud_gateway:
    description:
      - Allow cloud management gateway traffic (C(AllowProxyTraffic)). Needs O(client_connection) V(internet)
        or V(both) and O(ssl=true).
    type: bool
  connection_account:
    description:
      - The WSUS Server Connection Account, C(DOMAIN\user) of an existing Configuration Manager account, or an
        empty string for the site server's computer account.
      - M(configmgr.sup.wsus_connection_account) also creates the account and grants it its rights on WSUS.
    type: str
  wsus_install_result:
    description:
      - The registered result of the M(configmgr.sup.wsus_install) task with
        O(configmgr.sup.wsus_install#module:role=console) that runs before this one in the same play on this site
        server. Used in check mode only, where that task changed nothing on the host.
      - When it would install the WSUS administration API (C(UpdateServices-API)), there is no warning about the
        API missing on the site server. A failed or skipped result, or one that changes nothing, is not used. A
        real run always reads the host.
      - Only with O(state=present). Its values are not returned.
    type: dict
notes:
  - The registered result of this task is what O(configmgr.sup.sup_proxy#module:sup_role_result) and
    O(configmgr.sup.wsus_connection_account#module:sup_role_result) take, so that their check-mode plans follow
    the server and role this task adds.
  - A new role is installed in the background by Site Component Manager. The module returns at once with
    RV(role_new=true); verify the installation with M(configmgr.sup.sup_log_verify).
  - For a remote SUP, the site server needs the WSUS administration console (M(configmgr.sup.wsus_install) with
    O(configmgr.sup.wsus_install#module:role=console)); the module warns when it is missing.
seealso:
  - module: configmgr.sup.wsus_install
  - module: configmgr.sup.sup_proxy
  - module: configmgr.sup.wsus_connection_account
  - name: Install a software update point
    description: Configuration Manager documentation.
    link: https://learn.microsoft.com/mem/configmgr/sum/get-started/install-a-software-update-point
  - name: Add-CMSoftwareUpdatePoint
    description: The cmdlet that adds the role.
    link: https://learn.microsoft.com/powershell/module/configurationmanager/add-cmsoftwareupdatepoint
"""

EXAMPLES = r"""
- name: Add an intranet software update point on sup01 (run on the site server)
  configmgr.sup.sup_role:
    site_system: sup01.contoso.com
    http_port: 8530
    https_port: 8531

- name: Add an Internet-facing software update point that requires SSL
  configmgr.sup.sup_role:
    site_system: sup02.contoso.com
    public_fqdn: sup02.internet.contoso.com
    client_connection: internet
    ssl: true

- name: Require SSL on an existing software update point, leaving its other settings alone
  configmgr.sup.sup_role:
    site_system: sup01.contoso.com
    ssl: true

- name: Install the WSUS console on the site server
  configmgr.sup.wsus_install:
    role: console
  register: console

- name: Add a remote software update point; in check mode, without a warning about the API the task above installs
  configmgr.sup.sup_role:
    site_system: sup03.contoso.com
    wsus_install_result: "{{ console }}"

- name: Remove the role from sup02 (the site system server stays)
  configmgr.sup.sup_role:
    site_system: sup02.contoso.com
    state: absent
"""

RETURN = r"""
before:
  description:
    - The settings found. C(site_system_server) (C(public_fqdn), C(install_account),
      C(site_server_initiated_transfers)) and C(software_update_point) (C(http_port), C(https_port), C(ssl),
      C(client_connection), C(cloud_gateway), C(connection_account)); null when missing.
  returned: always
  type: dict
  sample:
    site_system_server: null
    software_update_point: null
after:
  description: The settings after the task (predicted in check mode). Same keys as RV(before).
  returned: always
  type: dict
  sample:
    site_system_server: {public_fqdn: '', install_account: '', site_server_initiated_transfers: false}
    software_update_point: {http_port: 8530, https_port: 8531, ssl: false, client_connection: intranet,
                            cloud_gateway: false, connection_account: ''}
role_new:
  description: The role was added by this task; Site Component Manager is installing it.
  returned: always
  type: bool
  sample: true
remote:
  description: The SUP is on another server than the site server the task runs on.
  returned: always
  type: bool
  sample: true
roles:
  description: The site system roles the server had before the task.
  returned: always
  type: list
  elements: str
  sample: [SMS Site System]
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
  description:
    - For SMSProv.log, SiteComp.log and WCM.log on the site server, the path and the size in bytes just before the
      change (or now, when nothing changed). Verification reads from there (M(configmgr.sup.sup_log_verify)
      O(configmgr.sup.sup_log_verify#module:positions)); WCM.log is where WSUS Configuration Manager configures
      WSUS for the role.
  returned: always
  type: dict
  sample:
    SMSProv.log: {path: C:\Program Files\Microsoft Configuration Manager\Logs\SMSProv.log, position: 18211}
    SiteComp.log: {path: C:\Program Files\Microsoft Configuration Manager\Logs\SiteComp.log, position: 90210}
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

from ansible_collections.configmgr.sup.plugins.module_utils._sup_role_spec import SUP_ROLE_SPEC


def main():
    module = AnsibleModule(supports_check_mode=True, **SUP_ROLE_SPEC.module_kwargs())
    module.fail_json(msg='configmgr.sup.sup_role runs through its action plugin; call it as a task '
                         'with the configmgr.sup collection installed')


if __name__ == '__main__':
    main()
