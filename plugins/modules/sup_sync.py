#!/usr/bin/python
# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: sup_sync
short_description: Run a software update synchronization when the site needs one, and follow it to its end
version_added: 0.1.0
description:
  - Starts a software update synchronization of the Configuration Manager site (C(Sync-CMSoftwareUpdate), delta, or
    full with O(full)) only when it is needed - the site never synchronized successfully - or when O(force) asks for
    one. Run it on the site server.
  - One read (C(Get-CMSoftwareUpdateSyncStatus) and where C(wsyncmgr.log) ends now, in one round trip) decides.
    A synchronization already running is never doubled - this task waits for it (and with O(force) starts its own
    after it ends). The start is compare-and-set - when the status moved since the read (a scheduled
    synchronization started in between) nothing is started and the task follows what is there.
  - Follows C(wsyncmgr.log) through the same reader as M(configmgr.sup.sup_log_verify) (its C(sync) check) - only the
    bytes the log gained, at most O(max_bytes_per_read) per poll, across a rollover into C(wsyncmgr.lo_) - until the
    synchronization's done or failed line (C(Sync succeeded), C(Sync failed), status messages 6702 and 6703), or
    O(timeout).
  - Returns the lines, the number of updates synchronized, the status message IDs and the site's last successful
    synchronization time. A failed synchronization fails the task with its error lines and a hint - WCM has not
    configured WSUS, a proxy asking for authentication (HTTP 407), the sync source not reachable, the WSUS
    administration console missing on the site server.
author:
  - configmgr.sup maintainers (@configmgr-sup)
extends_documentation_fragment:
  - configmgr.sup._attributes
  - configmgr.sup._attributes.actiongroup_site
  - configmgr.sup._site
options:
  force:
    description:
      - Start a synchronization even though the site has synchronized successfully before (for example after
        products or classifications changed).
      - A synchronization already running is waited for first; this task's starts after it ends.
    type: bool
    default: false
  full:
    description: A full synchronization (C(Sync-CMSoftwareUpdate -FullSync)) instead of a delta one.
    type: bool
    default: false
  wait:
    description:
      - Follow the synchronization to its end. With V(false), the task returns once it started (C(status) of RV(sync) is
        V(running)), and RV(positions) let M(configmgr.sup.sup_log_verify) with O(configmgr.sup.sup_log_verify#module:checks=[sync])
        follow it later.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for the end of the synchronization (all waits of the task together). A first full
        synchronization with many products can take more than an hour.
      - When it passes, the task fails; the synchronization goes on on the site.
    type: int
    default: 3600
  poll_interval:
    description: Seconds between two reads of C(wsyncmgr.log).
    type: int
    default: 15
  max_bytes_per_read:
    description: The most bytes read from C(wsyncmgr.log) in one poll; a log that gained more is read on at once.
    type: int
    default: 1048576
attributes:
  check_mode:
    support: full
    details:
      - Reads the status once and says whether a synchronization would start (RV(started)); starts nothing.
  diff_mode:
    support: none
    details:
      - A synchronization is an action, not a setting; there is nothing to compare.
  platform:
    details:
      - The site server, with the Configuration Manager console (ConfigurationManager module).
notes:
  - Products (and product families) are known to the site only after its first successful synchronization; the
    software update point component (M(configmgr.sup.sup_component)) needs one before it can subscribe to them.
  - The synchronization needs the software update point installed and WSUS configured by WCM
    (M(configmgr.sup.sup_log_verify) O(configmgr.sup.sup_log_verify#module:checks=[wcm_config])).
seealso:
  - module: configmgr.sup.sup_log_verify
  - module: configmgr.sup.sup_role
  - name: Synchronize software updates
    description: Microsoft's procedure and what wsyncmgr.log shows.
    link: https://learn.microsoft.com/mem/configmgr/sum/get-started/synchronize-software-updates
  - name: Sync-CMSoftwareUpdate
    description: The cmdlet that starts a synchronization.
    link: https://learn.microsoft.com/powershell/module/configurationmanager/sync-cmsoftwareupdate
  - name: SMS_SUPSyncStatus
    description: The synchronization status per WSUS server (last successful time, last state).
    link: https://learn.microsoft.com/mem/configmgr/develop/reference/sum/sms_supsyncstatus-server-wmi-class
"""

EXAMPLES = r"""
# On the site server, once the software update point is installed and WCM configured its WSUS
# (configmgr.sup.sup_role, then configmgr.sup.sup_log_verify with checks [sup_install]).
- name: Run the first synchronization, and wait for its end in wsyncmgr.log
  configmgr.sup.sup_sync:
    timeout: 1800
    poll_interval: 5
  register: first_sync

- name: Say what it synchronized
  ansible.builtin.debug:
    msg: "{{ first_sync.sync.status }}: {{ first_sync.sync.updates_synchronized }} updates, last success {{ first_sync.last_successful_sync }}"

- name: Synchronize again after the products changed (a running synchronization is waited for, never doubled)
  configmgr.sup.sup_sync:
    force: true
    timeout: 1800
    poll_interval: 5

- name: Start a full synchronization and let it run on its own
  configmgr.sup.sup_sync:
    force: true
    full: true
    wait: false
  register: full_sync

- name: Follow it later through the same reader
  configmgr.sup.sup_log_verify:
    checks: [sync]
    positions: "{{ full_sync.positions }}"
    timeout: 1800
    poll_interval: 5
"""

RETURN = r"""
started:
  description: This task started a synchronization (in check mode, would start one). Same as C(changed).
  returned: always
  type: bool
  sample: true
full:
  description: O(full), whether the synchronization started was a full one.
  returned: always
  type: bool
  sample: false
waited:
  description: A synchronization was running when the task looked, and the task waited for its end.
  returned: always
  type: bool
  sample: false
site_code:
  description: The site code used.
  returned: always
  type: str
  sample: PR1
sync:
  description:
    - The synchronization the task followed (the one it started, or the one running that it waited for).
    - C(status) - V(succeeded), V(failed), V(timeout), V(running) (not followed - O(wait=false), or check mode while
      one runs), V(not_needed) (the site synchronized before and O(force) is false) or V(pending) (check mode - one
      would start).
    - C(started), C(finished) - the times of its start and end lines in C(wsyncmgr.log) (the site server's local time),
      or null when not in what was read.
    - C(updates_synchronized) - from C(Updated N items in SMS database), or the last C(processed N out of M) line, or
      the C(Synchronizing update) lines; null when the log does not say.
    - C(status_message_ids) - the C(STATMSG) IDs in its lines (6701 started, 6702 done, 6703 failed, 6704 and 6705 in
      progress).
    - C(lines) - its lines in C(wsyncmgr.log) (log, time, component, severity, message, offset), without the per-update
      and progress lines; at most 50, the last ones.
    - C(hint) - for a failed synchronization, what to look at; C(errors) - the lines that explain the failure.
  returned: always
  type: dict
  sample:
    status: succeeded
    started: '2026-11-21T09:10:02'
    finished: '2026-11-21T09:13:05'
    updates_synchronized: 412
    status_message_ids: [6701, 6704, 6705, 6702]
    lines:
      - {log: wsyncmgr.log, time: '2026-11-21T09:13:05', component: SMS_WSUS_SYNC_MANAGER, severity: info,
         message: Sync succeeded. Setting sync alert to canceled state on site PR1, offset: 20311}
    hint: null
last_successful_sync:
  description: The site's last successful synchronization (C(LastSuccessfulSyncTime), ISO 8601), after the task; null
    when it never synchronized successfully.
  returned: always
  type: str
  sample: '2026-11-21T09:13:05.0000000'
last_sync_state:
  description: C(LastSyncState) of the software update point that reported last (6701 started, 6702 done, 6703 failed,
    6704 and 6705 in progress); null when none is reported.
  returned: always
  type: int
  sample: 6702
positions:
  description: Where C(wsyncmgr.log) was read to (with its first bytes), for M(configmgr.sup.sup_log_verify) to go on.
  returned: always
  type: dict
  sample: {wsyncmgr.log: {position: 20480, head: PHRpbWU9..., path: C:\Program Files\Microsoft Configuration Manager\Logs\wsyncmgr.log}}
polls:
  description: How many reads of C(wsyncmgr.log) (round trips) it took.
  returned: always
  type: int
  sample: 12
bytes_read:
  description: Bytes read from C(wsyncmgr.log) over all polls.
  returned: always
  type: int
  sample: 20311
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.configmgr.sup.plugins.module_utils._sup_sync_spec import SUP_SYNC_SPEC


def main():
    module = AnsibleModule(supports_check_mode=True, **SUP_SYNC_SPEC.module_kwargs())
    module.fail_json(msg='configmgr.sup.sup_sync runs through its action plugin; call it as a task '
                         'with the configmgr.sup collection installed')


if __name__ == '__main__':
    main()
