#!/usr/bin/python
# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: wsus_ssl_vroots
short_description: Make WSUS require SSL the way a Configuration Manager software update point expects
version_added: 0.1.0
description:
  - Binds a server-authentication certificate to the https binding of the WSUS web site
    (C(WSUS Administration) on port 8531, or port 443 when WSUS uses the Default Web Site).
  - Sets Require SSL (client certificates ignored) on exactly the five WSUS virtual roots C(ApiRemoting30),
    C(ClientWebService), C(DSSAuthWebService), C(ServerSyncWebService) and C(SimpleAuthWebService). Never on
    the site or on C(Content), which clients download over HTTP.
  - Runs C(WsusUtil.exe configuressl) only when the C(UsingSSL) or C(ServerCertificateName) setup values differ.
  - With O(state=absent), removes the SSL requirement from the five roots and reverts WSUS to HTTP. The
    binding and its certificate stay.
  - Refuses to run before WSUS post-install has completed, and refuses a missing, expired, not yet valid
    or non-server-authentication certificate before changing anything.
  - Tick Require SSL on the software update point role too (C(configmgr.sup.sup_role)), with the HTTPS port
    this module returns.
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
      - Exact; it reads the host and reports what would change, and, with O(wsus_install_result), what the earlier
        M(configmgr.sup.wsus_install) task of the play would change first.
      - On a host where WSUS post-install has not run yet and O(wsus_install_result) does not say it will, the module
        plans for the site post-install creates and warns instead of failing; a certificate problem fails check mode
        as it fails the real run.
  diff_mode:
    support: full
    details:
      - Returns the site, binding, sslFlags of the five roots and the WSUS setup values before and after.
options:
  state:
    description:
      - V(present) makes WSUS require SSL; V(absent) reverts it to HTTP.
    type: str
    choices: [present, absent]
    default: present
  fqdn:
    description:
      - The intranet FQDN clients and the site server use to reach WSUS. It must be in the certificate's
        subject or subject alternative names, and it is the name given to C(WsusUtil.exe configuressl).
      - Defaults to the host's own FQDN (C(Win32_ComputerSystem) DNS host name and domain).
    type: str
  certificate_thumbprint:
    description:
      - Thumbprint of the certificate in C(Cert:\LocalMachine\My) to bind. Spaces and the invisible marks the
        certificate console adds when copying are ignored.
      - When omitted, the certificate already bound is kept if it is still valid for O(fqdn); otherwise the
        valid server-authentication certificate for O(fqdn) that expires last is used.
      - Only with O(state=present).
    type: str
  site_name:
    description:
      - The IIS site that holds the WSUS virtual roots.
      - Defaults to C(WSUS Administration) when WSUS uses port 8530 and C(Default Web Site) when it uses port 80.
    type: str
  wsus_install_result:
    description:
      - The registered result of the M(configmgr.sup.wsus_install) task that runs before this one in the same play,
        on the same host. Used in check mode only, where that task changed nothing on the host.
      - When it would complete WSUS post-install, the plan is made for the site, https port and certificate WSUS will
        have then, without a warning; when it would move WSUS to the other web site
        (O(configmgr.sup.wsus_install#module:http_port)), the certificate binding is planned on the https port of the
        new site (8531 or 443).
      - A failed or skipped result, or one that changes neither, is not used. A real run always reads the host.
    type: dict
notes:
  - WsusUtil has no verb that turns SSL off, so O(state=absent) sets the C(UsingSSL) setup value to C(0).
  - Requires the WebAdministration PowerShell module (IIS management scripts and tools), which WSUS installs.
seealso:
  - module: configmgr.sup.wsus_install
  - name: Configure a software update point to use TLS/SSL with a PKI certificate
    description: Configuration Manager documentation.
    link: https://learn.microsoft.com/mem/configmgr/sum/get-started/software-update-point-ssl
  - name: Security best practices for WSUS
    description: Windows IT Pro blog, the five virtual roots and configuressl.
    link: https://techcommunity.microsoft.com/blog/windows-itpro-blog/security-best-practices-for-windows-server-update-services-wsus/1587536
"""

EXAMPLES = r"""
- name: Require SSL on WSUS with the server certificate for the host's FQDN
  configmgr.sup.wsus_ssl_vroots:

- name: Require SSL with a given FQDN and certificate
  configmgr.sup.wsus_ssl_vroots:
    fqdn: sup01.contoso.com
    certificate_thumbprint: 734AB356E95EAE3D79C2CD8645055334605E84F4

- name: Install WSUS
  configmgr.sup.wsus_install:
    content_dir: D:\WSUS
  register: wsus_install

- name: Require SSL; in check mode, planned for the site the install above would create or move
  configmgr.sup.wsus_ssl_vroots:
    wsus_install_result: "{{ wsus_install }}"

- name: Revert WSUS to HTTP (the https binding stays)
  configmgr.sup.wsus_ssl_vroots:
    state: absent
"""

RETURN = r"""
before:
  description: The managed state found on the host.
  returned: always
  type: dict
  sample:
    site: WSUS Administration
    binding: {port: 8531, thumbprint: null}
    vroots: {ApiRemoting30: None, ClientWebService: None, DSSAuthWebService: None,
             ServerSyncWebService: None, SimpleAuthWebService: None}
    using_ssl: false
    server_certificate_name: null
after:
  description: The managed state after the task (predicted in check mode). Same keys as RV(before).
  returned: always
  type: dict
  sample:
    site: WSUS Administration
    binding: {port: 8531, thumbprint: 734AB356E95EAE3D79C2CD8645055334605E84F4}
    vroots: {ApiRemoting30: Ssl, ClientWebService: Ssl, DSSAuthWebService: Ssl,
             ServerSyncWebService: Ssl, SimpleAuthWebService: Ssl}
    using_ssl: true
    server_certificate_name: sup01.contoso.com
vroots:
  description: The sslFlags of each of the five virtual roots before and after the task.
  returned: always
  type: dict
  sample: {ClientWebService: {before: None, after: Ssl}}
binding:
  description: The https binding of the WSUS site after the task (port and certificate thumbprint).
  returned: always
  type: dict
  sample: {port: 8531, thumbprint: 734AB356E95EAE3D79C2CD8645055334605E84F4}
certificate:
  description: The certificate bound for O(fqdn). Null with O(state=absent).
  returned: always
  type: dict
  sample: {thumbprint: 734AB356E95EAE3D79C2CD8645055334605E84F4, subject: CN=sup01.contoso.com,
           dns_names: [sup01.contoso.com], not_after: '2027-12-31T23:59:59'}
wsus_url:
  description: The URL clients and the site server use for WSUS after the task.
  returned: always
  type: str
  sample: https://sup01.contoso.com:8531
configuressl_output:
  description: What C(WsusUtil.exe configuressl) printed, when it ran.
  returned: when configuressl ran
  type: list
  elements: str
  sample: []
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

from ansible_collections.configmgr.sup.plugins.module_utils._wsus_ssl_vroots_spec import WSUS_SSL_VROOTS_SPEC


def main():
    module = AnsibleModule(supports_check_mode=True, **WSUS_SSL_VROOTS_SPEC.module_kwargs())
    module.fail_json(msg='configmgr.sup.wsus_ssl_vroots runs through its action plugin; call it as a task '
                         'with the configmgr.sup collection installed')


if __name__ == '__main__':
    main()
