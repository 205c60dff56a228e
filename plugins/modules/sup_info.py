#!/usr/bin/python
# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: sup_info
short_description: Everything configmgr.sup manages on a host, in one read-only round trip
version_added: 0.1.0
description:
  - Reports the WSUS features and post-install state, database, ports and content directory; the SSL state of the
    five WSUS virtual roots, C(Content) and the https binding; the local group memberships of the WSUS Server
    Connection Account; the services; and on a site server the software update points with their settings, proxy
    options and site system proxy, and the current log positions.
  - One PowerShell probe, one WinRM round trip per host, in normal and check mode. Never changes anything.
  - The values use the same vocabulary as the modules' RV(configmgr.sup.wsus_install#module:before) and
    RV(configmgr.sup.sup_role#module:before), so a drift report compares like with like.
author:
  - configmgr.sup maintainers (@configmgr-sup)
options:
  connection_account:
    description: C(DOMAIN\user) or UPN of the WSUS Server Connection Account whose local group memberships to report.
    type: str
  logs:
    description: ConfigMgr log file names whose current positions to report (site server).
    type: list
    elements: str
    default: [SMSProv.log, SiteComp.log, WCM.log, WSyncMgr.log]
  configmgr_accounts:
    description:
      - On a site server, C(DOMAIN\user) or UPN names to look up as Configuration Manager accounts (C(Get-CMAccount)),
        for example the WSUS Server Connection Account and the proxy accounts a play is about to use. A name the domain
        knows is looked up by its account name, as M(configmgr.sup.wsus_connection_account) does; the match is exact
        and case-insensitive, and names with wildcards (C(*), C(?), C([)) are refused.
      - Not given or empty, nothing is looked up (no account cmdlet runs).
    type: list
    elements: str
extends_documentation_fragment:
  - configmgr.sup._attributes
  - configmgr.sup._attributes.info_module
  - configmgr.sup._attributes.actiongroup_site
  - configmgr.sup._site
notes:
  - O(site_code) is used on a site server only; on other hosts it is ignored.
seealso:
  - module: configmgr.sup.sup_log_verify
"""

EXAMPLES = r"""
- name: Read the state of every host of the lab
  configmgr.sup.sup_info:
    connection_account: CONTOSO\svc-sup-wsus
  register: sup_state

- name: Report software update points that do not require SSL
  ansible.builtin.debug:
    msg: "{{ (sup_state.configmgr.software_update_points | default({})) | dict2items | rejectattr('value.ssl') | map(attribute='key') }}"
"""

RETURN = r"""
host:
  description: The host's FQDN.
  returned: always
  type: str
  sample: sup01.contoso.com
wsus:
  description:
    - C(server_installed), C(features) (name to installed), C(postinstall_state), C(database), C(sql_server),
      C(content_dir), C(http_port), C(https_port), C(using_ssl), C(server_certificate_name), C(version).
    - C(http_port), C(https_port) and C(using_ssl) are null unless C(postinstall_state) is C(complete), because a
      half-finished post-install (C(partial) or C(pending)) can leave a port in the WSUS Setup key that no
      configured WSUS serves.
  returned: always
  type: dict
  sample: {server_installed: true, postinstall_state: complete, database: wid, http_port: 8530, https_port: 8531,
           using_ssl: true, content_dir: D:\WSUS}
ssl:
  description:
    - The WSUS site's C(site), C(vroots) (sslFlags), C(five_roots_require_ssl), C(content_requires_ssl) and
      C(https_bindings). Null when WSUS is not configured.
  returned: always
  type: dict
  sample: {site: WSUS Administration, five_roots_require_ssl: true, content_requires_ssl: false}
connection_account:
  description: C(name), C(sid) and C(member_of) (group to membership), when O(connection_account) is given.
  returned: always
  type: dict
  sample: {name: CONTOSO\svc-sup-wsus, sid: S-1-5-21-1-2-3-1105, member_of: {Administrators: true, WSUS Administrators: true}}
os:
  description: C(caption) and C(build) of Windows (Win32_OperatingSystem).
  returned: always
  type: dict
  sample: {caption: Microsoft Windows Server 2022 Datacenter, build: 20348}
server_certificates:
  description: Certificates in C(Cert:\LocalMachine\My) valid now for server authentication to the host's FQDN.
  returned: always
  type: list
  elements: dict
  sample: [{thumbprint: 734AB356E95EAE3D79C2CD8645055334605E84F4, not_after: '2027-12-31T23:59:59', dns_names: [sup01.contoso.com]}]
winhttp_proxy:
  description: The machine (SYSTEM) WinHTTP proxy, as C(netsh winhttp show proxy) reports it; C(direct) when none.
  returned: always
  type: dict
  sample: {direct: false, proxy: 'proxy01.contoso.com:8080', bypass: <local>}
services:
  description: State of WsusService, W3SVC, SMS_EXECUTIVE and SMS_SITE_COMPONENT_MANAGER where they exist.
  returned: always
  type: dict
  sample: {WsusService: Running, W3SVC: Running}
configmgr:
  description:
    - On a site server, C(site_code), C(software_update_points) (FQDN to the settings M(configmgr.sup.sup_role)
      manages, C(sync_uses_proxy), C(adr_uses_proxy), C(site_system) and C(site_system_proxy)) and
      C(log_positions). Null on other hosts, including hosts that have only the Configuration Manager console.
  returned: always
  type: dict
  sample:
    site_code: PR1
    software_update_points:
      sup01.contoso.com: {http_port: 8530, https_port: 8531, ssl: true, client_connection: intranet,
                          cloud_gateway: false, connection_account: CONTOSO\svc-sup-wsus, sync_uses_proxy: true,
                          adr_uses_proxy: false}
configmgr_accounts:
  description:
    - Each name of O(configmgr_accounts), as given, to whether Configuration Manager has that account (C(true)) or
      not (C(false)).
    - Null when O(configmgr_accounts) is not given or empty, and on a host that is not a site server.
  returned: always
  type: dict
  sample: {CONTOSO\svc-sup-wsus: true, CONTOSO\svc-proxy: false}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.configmgr.sup.plugins.module_utils._sup_info_spec import SUP_INFO_SPEC


def main():
    module = AnsibleModule(supports_check_mode=True, **SUP_INFO_SPEC.module_kwargs())
    module.fail_json(msg='configmgr.sup.sup_info runs through its action plugin; call it as a task '
                         'with the configmgr.sup collection installed')


if __name__ == '__main__':
    main()
