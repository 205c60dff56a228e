#!/usr/bin/python
# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: sup_log_verify
short_description: Wait until the Configuration Manager logs show that an operation finished, and show the evidence
version_added: 0.1.0
description:
  - Reads the Configuration Manager logs of the host it runs on and waits until each check passes or fails,
    following the chains an admin reads by hand (SMSProv.log, SiteComp.log, SUPSetup.log, WCM.log, WSUSCtrl.log).
  - Reads only what the logs gained after O(positions) (as M(configmgr.sup.sup_role), M(configmgr.sup.sup_proxy)
    return them), at most O(max_bytes_per_read) per log per poll, so a large log costs only its new bytes. Follows a
    log that rolled over (C(X.log) renamed to C(X.lo_)) in between.
  - One WinRM round trip per poll; polls every O(poll_interval) seconds until O(timeout).
  - On failure, returns the error lines with their time and component, and a hint, such as the WSUS console missing
    on the site server for a remote software update point.
  - With O(mode=latest) it answers whether the current state is proven instead of following a change. It reads each log backwards from
    its end, 64 KiB and then twice as much per round trip, until the latest attempt of what each check proves is found
    or O(latest_max_bytes) per log is spent, so a 50 MB log costs the chunks at its end. A check then reports
    V(passed) (the latest outcome is a success, and WCM's latest connection used O(wsus_port) and O(wsus_ssl)),
    V(failed) (the latest outcome is a failure; with the failing lines and a hint, every run until it is fixed), or
    V(unproven) (no evidence within the budget, the logs rolled away, or WCM last connected with other settings)
    with how to prove it. An attempt still in progress is followed forward until O(timeout).
  - With O(mode=latest), when the logs leave the SiteComp.log or WCM.log step of V(sup_install), V(wcm_config) or
    V(proxy) undecided (its lines rolled away, or the history file is gone), one more round trip reads the site's
    status messages through the SMS Provider (C(Get-CMSiteStatusMessage) on the site drive) - the milestones of
    C(SMS_SITE_COMPONENT_MANAGER) for O(site_system) and of C(SMS_WSUS_CONFIGURATION_MANAGER) on the site server
    (where WCM runs) - and the newest decides the step (informational = success, warning or error = failure). The
    step then has C(source=status_messages) and the message (ID, time, component, severity, description). WCM's
    messages name the site server, not the SUP, so they decide only on a site with one software update point.
    The site keeps status messages 30 days by default. When the logs decide, the site status is not read.
  - Never changes anything. In check mode it reads once, and a check whose operation did not happen (because check
    mode did not make the change) is reported as V(pending), not failed.
author:
  - configmgr.sup maintainers (@configmgr-sup)
extends_documentation_fragment:
  - configmgr.sup._attributes
attributes:
  check_mode:
    support: full
    details:
      - Reads the logs once; a check whose operation did not happen (check mode did not make the change) is
        V(pending).
  diff_mode:
    support: N/A
    details:
      - This action does not modify state.
  platform:
    details:
      - The site server, or a software update point (the Configuration Manager logs of the host it runs on).
options:
  checks:
    description:
      - Built-in checks.
      - V(sup_install), on the site server, follows a new SUP. SMSProv.log C(PutInstanceAsync SMS_SCI_SysResUse) >
        SiteComp.log C(Installing component SMS_WSUS_CONTROL_MANAGER) > C(rolesetup.exe ... SMSWSUS) >
        C(executed successfully on server) O(site_system) > SUPSetup.log C(Installation was successful.) (when the
        SUP is this host, in both modes, as a SUP on the site server writes SUPSetup.log next to SiteComp.log) >
        WCM.log C(WSUS_CONFIG_SUCCESS). Needs O(site_system).
      - V(sup_setup), on the SUP server, reads SUPSetup.log to C(Installation was successful.). It fails when setup
        ended (its C(~RoleSetup) line) without it.
      - V(wcm_config), on the site server, checks that WCM connected to the WSUS server of O(site_system) and reached
        C(WSUS_CONFIG_SUCCESS). It fails on C(WSUS_CONFIG_FAILED) or an HTTP 401/403/407/5xx.
      - V(proxy), on the site server, checks that WCM applied the proxy (C(WSUS_CONFIG_SUCCESS)) without an HTTP 407.
      - V(wsus_health), on the SUP server, checks that WSUSCtrl.log reports C(There are no unhealthy WSUS Server
        components).
      - V(sup_remove), on the site server, follows a removed SUP to SiteComp.log
        C(Deinstalling component SMS_WSUS_CONTROL_MANAGER from server) O(site_system). Needs O(site_system).
      - V(sync), on the site server, follows a software update synchronization in wsyncmgr.log to C(Sync succeeded)
        (or its status message 6702); it fails on C(Sync failed) (or status message 6703) with a hint for the
        common causes (WCM has not configured WSUS, a proxy 407, the sync source not reachable, the WSUS console
        missing on the site server). With O(mode=latest), the outcome of the latest synchronization after its
        C(Starting Sync) line. M(configmgr.sup.sup_sync) starts a synchronization and follows it the same way; pass
        its RV(configmgr.sup.sup_sync#module:positions) as O(positions), since without them the end of an earlier
        synchronization within O(lookback_bytes) counts.
    type: list
    elements: str
    choices: [sup_install, sup_setup, wcm_config, proxy, wsus_health, sup_remove, sync]
  custom_checks:
    description: Checks of your own, each one step in one log.
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the check in the result.
        type: str
        required: true
      log:
        description: Log file name in the ConfigMgr logs folder, such as C(WCM.log).
        type: str
        required: true
      success:
        description: Regular expression (case-insensitive) of the line that means success.
        type: str
        required: true
      failure:
        description: Regular expression of a line that means failure.
        type: str
      hint:
        description: What to tell the user when the check fails.
        type: str
  site_system:
    description: FQDN of the software update point the logs talk about. Required by V(sup_install) and V(wcm_config).
    type: str
  positions:
    description:
      - Where to start reading, per log file name. Either a byte offset or the C(log_positions) value that
        M(configmgr.sup.sup_role) and M(configmgr.sup.sup_proxy) return (which also lets rollover be recognised).
      - A log without a position is read from O(lookback_bytes) before its end.
    type: dict
  logs_dir:
    description:
      - The logs folder. Defaults to C(<Installation Directory>\Logs) of a site server, then C(SMS_*\Logs) on the
        host's drives (a remote site system).
    type: str
  timeout:
    description: Seconds to wait for the checks to finish.
    type: int
    default: 900
  poll_interval:
    description: Seconds between two reads.
    type: int
    default: 15
  max_bytes_per_read:
    description: The most bytes read from one log in one poll; a log that gained more is read on at once.
    type: int
    default: 1048576
  lookback_bytes:
    description: For a log without a position, how far before its end to start reading.
    type: int
    default: 262144
  mode:
    description:
      - V(follow) waits for the outcome of a change made in this run, reading forward from O(positions).
      - V(latest) finds the latest outcome of what each check proves, reading backwards from the end of the logs
        (the built-in checks' latest terminal events are SiteComp.log's bootstrap result for O(site_system), WCM.log's
        configuration result after its latest C(Attempting connection to WSUS server) for O(site_system), SUPSetup.log's
        latest setup, WSUSCtrl.log's latest health check; a custom check's latest success or failure line).
        O(positions) is not used.
    type: str
    choices: [follow, latest]
    default: follow
  latest_max_bytes:
    description: With O(mode=latest), the most bytes read from the end of one log (and the file it rolled into).
    type: int
    default: 1048576
  wait_for_evidence:
    description:
      - With O(mode=latest), follow the logs forward until O(timeout) when a check is V(unproven), for example until
        WCM's next cycle writes fresh evidence. Without it only an attempt in progress is waited for.
    type: bool
    default: false
  wsus_port:
    description:
      - With O(mode=latest), the port WCM must have connected to WSUS on (the SUP role's HTTPS port with SSL, its
        HTTP port without). WCM evidence for another port is V(unproven), not a success.
    type: int
  wsus_ssl:
    description: With O(mode=latest), whether WCM must have connected with SSL (the SUP role's C(ssl)).
    type: bool
notes:
  - The logs of a remote SUP (SUPSetup.log, WSUSCtrl.log) are on that server. Run a second task there
    (for example with O(checks=[sup_setup])), rather than reading them through the site server, which would be a
    second hop.
seealso:
  - module: configmgr.sup.sup_role
  - module: configmgr.sup.sup_proxy
  - module: configmgr.sup.sup_sync
  - name: Software update point installation and configuration
    description: The log lines of a good installation.
    link: https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/software-update-point-installation-and-configuration
  - name: Log file reference
    description: Where Configuration Manager writes its logs.
    link: https://learn.microsoft.com/mem/configmgr/core/plan-design/hierarchy/log-files
  - name: Get-CMSiteStatusMessage
    description: The site's status messages, read when the logs rolled away.
    link: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsitestatusmessage
"""

EXAMPLES = r"""
- name: Add the software update point (on the site server)
  configmgr.sup.sup_role:
    site_system: sup01.contoso.com
  register: sup01_role

- name: Follow its installation through the site server's logs
  configmgr.sup.sup_log_verify:
    checks: [sup_install]
    site_system: sup01.contoso.com
    positions: "{{ sup01_role.log_positions }}"
    timeout: 600
    poll_interval: 5

- name: Point the software update point at the proxy
  configmgr.sup.sup_proxy:
    site_system: sup01.contoso.com
    proxy_server: proxy01.contoso.com
    proxy_port: 8080
    sync_uses_proxy: true
  register: sup01_proxy

- name: Wait until WCM applied the proxy to WSUS, and check a line of our own
  configmgr.sup.sup_log_verify:
    checks: [proxy]
    positions: "{{ sup01_proxy.log_positions }}"
    custom_checks:
      - name: wsus_reached
        log: WCM.log
        success: Successfully connected to server
        failure: WSUS_CONFIG_FAILED
        hint: WCM could not reach WSUS on the software update point
    timeout: 300
    poll_interval: 5

- name: Is the software update point proven installed and configured with its current settings?
  configmgr.sup.sup_log_verify:
    checks: [sup_install]
    site_system: sup01.contoso.com
    mode: latest
    wsus_port: 8530
    wsus_ssl: false
  register: sup01_latest

- name: Say what proves it, or what is missing
  ansible.builtin.debug:
    msg: "{{ sup01_latest.checks.sup_install.status }}: {{ sup01_latest.msg }}"
"""

RETURN = r"""
passed:
  description: Every check passed.
  returned: always
  type: bool
  sample: true
checks:
  description:
    - Per check, C(status) (V(passed), V(failed), V(timeout), V(unproven) with O(mode=latest), or V(pending) in check
      mode) and C(steps) with the matched line of each (log, time, component, severity, message, offset).
    - For a failed check also C(failed_step), C(errors) (the lines that explain it) and C(hint).
    - With O(mode=latest) each step also has C(attempt) (the line its latest attempt started with), and an V(unproven)
      check or step has C(reason); an V(unproven) check has C(hint), how to prove it.
    - With O(mode=latest) a V(passed) or V(failed) check has C(source), V(logs) or V(status_messages) (a step decided
      by the site's status messages); such a step has C(source=status_messages) and C(status_message) (C(message_id),
      C(time) in UTC, C(component), C(machine), C(severity), C(record_id), C(description)), and as C(line) the
      message in the shape of a log line (C(log=status messages)); its failure is in C(errors) the same way.
  returned: always
  type: dict
  sample:
    sup_install:
      status: passed
      steps:
        - {name: provider, log: SMSProv.log, status: passed,
           line: {log: SMSProv.log, time: '2026-11-21T09:00:12', component: SMS Provider, severity: info,
                  message: PutInstanceAsync SMS_SCI_SysResUse, offset: 18211}}
site_status:
  description:
    - With O(mode=latest), when the logs left a step undecided and the site's status messages were read (one round
      trip, counted in RV(polls)) - C(components) asked for, C(messages) returned (milestones of O(site_system) and the
      site server), C(found), C(software_update_points) of the site; or C(error) when they could not be read.
  returned: when the site status was read
  type: dict
  sample: {components: [SMS_SITE_COMPONENT_MANAGER], messages: 2, found: 2, software_update_points: [sup01.contoso.com]}
mode:
  description: O(mode), V(follow) or V(latest).
  returned: always
  type: str
  sample: latest
polls:
  description: How many reads (round trips) it took.
  returned: always
  type: int
  sample: 4
bytes_read:
  description: Bytes read from the logs over all polls (with O(mode=latest), the chunks read from the ends of the logs).
  returned: always
  type: int
  sample: 6342
positions:
  description: Where each log was read to (with its first bytes), to pass on to a later verification.
  returned: always
  type: dict
  sample: {SiteComp.log: {position: 96552, head: PHRpbWU9..., path: C:\Program Files\Microsoft Configuration Manager\Logs\SiteComp.log}}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.configmgr.sup.plugins.module_utils._sup_log_verify_spec import SUP_LOG_VERIFY_SPEC


def main():
    module = AnsibleModule(supports_check_mode=True, **SUP_LOG_VERIFY_SPEC.module_kwargs())
    module.fail_json(msg='configmgr.sup.sup_log_verify runs through its action plugin; call it as a task '
                         'with the configmgr.sup collection installed')


if __name__ == '__main__':
    main()
