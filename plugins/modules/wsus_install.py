#!/usr/bin/python
# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: wsus_install
short_description: Install WSUS for a Configuration Manager software update point, or only its console
version_added: 0.1.0
description:
  - Installs the Windows Server Update Services (WSUS) server role with its database (Windows Internal
    Database or SQL Server) and runs C(WsusUtil.exe postinstall) when, and only when, it is needed.
  - With O(role=console), installs only the WSUS administration API (and console). A Configuration Manager
    site server needs it when its software update point is on a remote server.
  - Detects a half-finished post-install from the C(Installed Role Services) registry values
    (C(1) = installed, post-install pending; C(2) = configured) and completes it.
  - Moves WSUS between the C(WSUS Administration) site (8530) and the Default Web Site (80) with
    C(WsusUtil.exe usecustomwebsite) when O(http_port) asks for it.
  - Never deletes the content directory or the WSUS database, not even with O(state=absent).
  - Runs as an action plugin on the controller; the host sees only short PowerShell scripts run through
    M(ansible.windows.win_powershell). One round trip when nothing changes, two when something does.
author:
  - configmgr.sup maintainers (@configmgr-sup)
extends_documentation_fragment:
  - configmgr.sup._attributes
attributes:
  check_mode:
    support: full
    details:
      - Exact; it reads the host and reports what would change.
  diff_mode:
    support: full
    details:
      - Returns the managed state (features, post-install state, database and SQL Server, content directory, HTTP
        port) before and after.
options:
  role:
    description:
      - V(server) installs the WSUS server (C(UpdateServices-Services)), the database feature and the
        WSUS API (C(UpdateServices-API)) that the software update point needs on the same server.
      - V(console) installs only the WSUS API and console (C(UpdateServices-API), C(UpdateServices-UI)),
        for a site server whose software update point is remote.
    type: str
    choices: [server, console]
    default: server
  state:
    description:
      - V(present) installs what O(role) needs and completes post-install.
      - V(absent) with O(role=server) removes the WSUS server role services but keeps the API/console,
        the content directory and SUSDB. With O(role=console) it removes the API and console, and refuses
        when the WSUS server is installed on the host (it needs the API).
    type: str
    choices: [present, absent]
    default: present
  database:
    description:
      - Where SUSDB lives. V(wid) is the Windows Internal Database on the server (C(UpdateServices-WidDB)),
        V(sql) a SQL Server instance named by O(sql_server) (C(UpdateServices-DB)).
      - Windows refuses both database features together. Changing the type of a configured server is
        refused, because SUSDB has to be migrated by hand first.
      - Only used with O(role=server).
    type: str
    choices: [wid, sql]
    default: wid
  sql_server:
    description:
      - The SQL Server for SUSDB, as C(host) for a default instance or C(host\instance) for a named one.
        Passed to C(WsusUtil.exe postinstall SQL_INSTANCE_NAME=).
      - Required when O(database=sql); not allowed otherwise. Several software update points of a site
        share one SUSDB this way.
    type: str
  content_dir:
    description:
      - Absolute local path (for example C(D:\WSUS)) where WSUS stores update files and EULAs, passed to
        C(WsusUtil.exe postinstall CONTENT_DIR=).
      - Required with O(role=server) and O(state=present). On a configured server it must match the
        current directory; moving content (C(WsusUtil.exe movecontent)) is not done by this module.
    type: str
  http_port:
    description:
      - The HTTP port of the WSUS web services. V(8530) is the C(WSUS Administration) site (HTTPS 8531),
        V(80) the Default Web Site (HTTPS 443).
      - When omitted, a new server gets 8530 and an existing one keeps its port.
      - The software update point role must be told the same ports.
    type: int
    choices: [8530, 80]
  console_ui:
    description:
      - Also install the WSUS administration console (C(UpdateServices-UI)). The API is always installed.
      - V(false) does not remove a console that is already there.
    type: bool
    default: true
  source:
    description:
      - Where Windows finds the files of a feature whose payload was removed from the host (its install
        state is C(Removed), as on hardened images), passed to C(Install-WindowsFeature -Source). That is
        the C(sources\sxs) folder of the installation media, or C(WIM:<path>:<index>).
      - Only needed when a feature to install is C(Removed); such an install without it is refused before
        any change. A UNC path is read with the WinRM logon, which cannot reach another server (a second
        hop); copy the files to a local folder, or run the task with C(become).
    type: str
notes:
  - Requires Windows Server 2012 R2 or later with the ServerManager module.
seealso:
  - module: ansible.windows.win_powershell
  - name: Install the WSUS server role
    description: Windows Server documentation.
    link: https://learn.microsoft.com/windows-server/administration/windows-server-update-services/deploy/1-install-the-wsus-server-role
  - name: Plan for software updates in Configuration Manager
    description: WSUS requirements of a software update point.
    link: https://learn.microsoft.com/mem/configmgr/sum/plan-design/plan-for-software-updates
"""

EXAMPLES = r"""
- name: Install WSUS with the Windows Internal Database for a software update point
  configmgr.sup.wsus_install:
    content_dir: D:\WSUS

- name: Install WSUS that shares a SUSDB on SQL Server with other software update points
  # SQL Server is another host: post-install reaches it with the become user's logon (a sysadmin of the instance;
  # its password in ansible_become_password, from a vault); over plain WinRM it is a second hop.
  configmgr.sup.wsus_install:
    database: sql
    sql_server: sql01.contoso.com\WSUS
    content_dir: D:\WSUS
  become: true
  become_method: ansible.builtin.runas
  become_user: CONTOSO\svc-wsus-setup

- name: Use the Default Web Site (port 80/443) instead of the WSUS Administration site
  configmgr.sup.wsus_install:
    content_dir: D:\WSUS
    http_port: 80

- name: Install only the WSUS API and console on a site server with a remote software update point
  configmgr.sup.wsus_install:
    role: console

- name: Remove the WSUS server role services (content and SUSDB are kept)
  configmgr.sup.wsus_install:
    state: absent
"""

RETURN = r"""
before:
  description: The managed state found on the host.
  returned: always
  type: dict
  sample:
    features: {UpdateServices-Services: false, UpdateServices-WidDB: false, UpdateServices-DB: false,
               UpdateServices-API: false, UpdateServices-UI: false}
    postinstall: not_installed
    database: null
    sql_server: null
    content_dir: null
    http_port: null
after:
  description: The managed state after the task (predicted in check mode). Same keys as RV(before).
  returned: always
  type: dict
  sample:
    features: {UpdateServices-Services: true, UpdateServices-WidDB: true, UpdateServices-DB: false,
               UpdateServices-API: true, UpdateServices-UI: true}
    postinstall: complete
    database: wid
    sql_server: null
    content_dir: D:\WSUS
    http_port: 8530
features:
  description: Whether each WSUS feature this role manages is installed after the task.
  returned: always
  type: dict
  sample: {UpdateServices-Services: true, UpdateServices-WidDB: true, UpdateServices-API: true}
postinstall_state:
  description:
    - V(not_installed), V(pending) (installed, never configured), V(partial) (a half-finished
      post-install) or V(complete). Null for O(role=console).
    - When post-install fails, the state the host has after it (V(pending) or V(partial)), never V(complete);
      RV(http_port), RV(https_port), RV(using_ssl) and RV(content_dir) are then null.
  returned: always
  type: str
  sample: complete
http_port:
  description: HTTP port of the WSUS web services; null when WSUS is not configured.
  returned: always
  type: int
  sample: 8530
https_port:
  description: HTTPS port that goes with RV(http_port) (8531 or 443).
  returned: always
  type: int
  sample: 8531
using_ssl:
  description:
    - Whether WSUS is set up for SSL (C(UsingSSL) of its setup key, written by C(WsusUtil.exe configuressl)), as read
      before this task; null while WSUS has no port (post-install not done). M(configmgr.sup.wsus_ssl_vroots) changes it.
  returned: always
  type: bool
  sample: false
content_dir:
  description: The WSUS content directory.
  returned: always
  type: str
  sample: D:\WSUS
version:
  description: Product version of C(WsusUtil.exe) on the host, null when WSUS is not installed.
  returned: always
  type: str
  sample: 10.0.20348.1
reboot_required:
  description: Windows reported that a reboot is needed for a feature change.
  returned: always
  type: bool
  sample: false
postinstall_log:
  description: Path of the WsusUtil post-install log on the host, when post-install ran.
  returned: when post-install ran
  type: str
  sample: C:\Users\ansible\AppData\Local\Temp\WSUS_PostInstall_20261121T232700.log
postinstall_errors:
  description: The lines of the post-install log that explain a failure.
  returned: when post-install failed
  type: list
  elements: str
  sample: ["2026-11-21 23:27:03  Fatal Error: Cannot open database \"SUSDB\" requested by the login."]
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

from ansible_collections.configmgr.sup.plugins.module_utils._wsus_install_spec import WSUS_INSTALL_SPEC


def main():
    module = AnsibleModule(supports_check_mode=True, **WSUS_INSTALL_SPEC.module_kwargs())
    module.fail_json(msg='configmgr.sup.wsus_install runs through its action plugin; call it as a task '
                         'with the configmgr.sup collection installed')


if __name__ == '__main__':
    main()
