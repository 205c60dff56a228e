#!/usr/bin/python
# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: sup_component
short_description: The software update point component of a Configuration Manager site
version_added: 0.1.0
description:
  - Configures the site's software update point component, the settings every software update point of the site
    shares, through the ConfigurationManager PowerShell module. Run it on the site server.
  - The synchronization source and schedule, the sync failure alert and the WSUS reporting events; the update
    classifications, products and languages to synchronize; supersedence, the WSUS cleanup wizard after each
    synchronization, the content file option and the maximum run times of software updates.
  - Only the settings the task gives are compared and changed. A setting the task leaves out keeps what the site
    has, so defaults never overwrite what an admin set in the console.
  - Classifications and products are given by display name or by category ID (GUID), languages by culture name
    (C(en)) or display name (C(English)). Each list has a mode, the exact list or only add or only remove. Every
    name that does not exist fails the task with the close names the site knows, before anything changes; so does
    a display name two categories share (the cmdlet takes names), with both IDs.
  - Products come with the site's first synchronization. On a site that never synchronized, the products are
    RV(pending) in check mode and a real run fails before any change, asking to synchronize first with
    M(configmgr.sup.sup_sync). Set the classifications and the source, synchronize, then set the products.
  - Runs as an action plugin on the controller; the host sees only short PowerShell scripts run through
    M(ansible.windows.win_powershell). One round trip when nothing changes, two when something does; the change is
    one C(Set-CMSoftwareUpdatePointComponent) call, and none when the site changed since it was read.
author:
  - configmgr.sup maintainers (@configmgr-sup)
extends_documentation_fragment:
  - configmgr.sup._attributes
  - configmgr.sup._attributes.actiongroup_site
  - configmgr.sup._site
attributes:
  check_mode:
    support: full
    details:
      - Reads the site and reports exactly what would change, products it cannot know yet as RV(pending).
  diff_mode:
    support: full
    details:
      - Returns the settings the task gives before and after, with names, not IDs.
  platform:
    details:
      - The site server, with the Configuration Manager console (ConfigurationManager module).
options:
  sync_source:
    description:
      - Where the site synchronizes from. V(microsoft_update), V(upstream) (another WSUS server, O(upstream_source))
        or V(none) (no synchronization source, for a site that imports its updates by other means).
    type: str
    choices: [microsoft_update, upstream, none]
  upstream_source:
    description:
      - The URL of the upstream WSUS server, such as C(https://wsus.contoso.com:8531). Only with
        O(sync_source=upstream), which needs it.
    type: str
  sync_schedule:
    description:
      - Synchronization on a schedule, or not (the site then synchronizes only when asked, for example with
        M(configmgr.sup.sup_sync)).
    type: dict
    suboptions:
      enabled:
        description: Synchronize on a schedule.
        type: bool
        required: true
      interval:
        description:
          - Every how many O(sync_schedule.unit), 1 to 31 days or 1 to 23 hours. Needed unless the site already has a
            schedule in days or hours to keep.
        type: int
      unit:
        description: The unit of O(sync_schedule.interval).
        type: str
        choices: [days, hours]
        default: days
      start:
        description:
          - The first synchronization, C(YYYY-MM-DD HH:MM) in the site server's local time. Compared only when given;
            a new schedule without it starts now.
        type: str
  sync_failure_alert:
    description:
      - Create an alert when the synchronization fails.
    type: bool
  reporting_events:
    description:
      - Which WSUS reporting events the clients create. V(none), V(status_only) or V(all).
    type: str
    choices: [none, status_only, all]
  classifications:
    description:
      - Update classifications to synchronize (such as C(Security Updates), C(Critical Updates)), each by display
        name or by ID (the GUID of C(UpdateClassification:<guid>)).
    type: list
    elements: str
  classifications_mode:
    description:
      - V(exact) subscribes exactly O(classifications) (others are unsubscribed), V(add) only subscribes them,
        V(remove) only unsubscribes them.
    type: str
    choices: [exact, add, remove]
    default: exact
  products:
    description:
      - Products to synchronize (such as C(Windows Server 2016)), each by display name or by ID (the GUID of
        C(Product:<guid>)). Known to the site only after its first synchronization.
    type: list
    elements: str
  products_mode:
    description: As O(classifications_mode), for O(products).
    type: str
    choices: [exact, add, remove]
    default: exact
  update_file_languages:
    description:
      - Languages of the update files the site downloads, each by culture name (C(en), C(pt-br)) or display name
        (C(English)).
    type: list
    elements: str
  update_file_languages_mode:
    description: As O(classifications_mode), for O(update_file_languages).
    type: str
    choices: [exact, add, remove]
    default: exact
  summary_languages:
    description:
      - Languages of the software update summary details (titles and descriptions), as O(update_file_languages).
    type: list
    elements: str
  summary_languages_mode:
    description: As O(classifications_mode), for O(summary_languages).
    type: str
    choices: [exact, add, remove]
    default: exact
  supersedence_months:
    description:
      - When a superseded software update (other than a feature update) expires, V(0) immediately or after this many
        months (1 to 99).
    type: int
  feature_supersedence_months:
    description:
      - As O(supersedence_months), for feature updates, where the site version separates them.
    type: int
  wsus_cleanup:
    description:
      - Run the WSUS cleanup wizard (decline expired updates) after each synchronization.
    type: bool
  content_file_option:
    description:
      - V(full_files) downloads full files only; V(express) also the express installation files for Windows 10 and
        later.
    type: str
    choices: [full_files, express]
  max_runtime_minutes:
    description:
      - The maximum run time in minutes of Windows non-feature updates and Microsoft 365 Apps updates (5 to 9999).
    type: int
  feature_max_runtime_minutes:
    description:
      - The maximum run time in minutes of Windows feature updates (5 to 9999).
    type: int
notes:
  - The component belongs to the site. In a hierarchy, configure it at the top-level site; child sites inherit most
    of it.
  - Changing when superseded updates expire (O(supersedence_months), O(feature_supersedence_months) between 0 and a
    number of months) makes the site start a full synchronization, as Microsoft documents for
    C(Set-CMSoftwareUpdatePointComponent).
  - When RV(subscriptions_changed) is true, synchronize (M(configmgr.sup.sup_sync) with
    O(configmgr.sup.sup_sync#module:force=true)) so that the site catalog follows.
  - A setting changed in the console between the read and the change makes the task fail with RV(changed_since_read)
    and change nothing; a re-run plans from what is there.
  - Not managed here. The WSUS maintenance options of current branch (decline expired updates, add non-clustered
    indexes to the WSUS database, remove obsolete updates) are not parameters of C(Set-CMSoftwareUpdatePointComponent),
    so this module leaves them as they are. Third-party updates (C(-EnableThirdPartyUpdates)), manual certificate
    management and the default WSUS server of a child site are parameters of the cmdlet that this module does not
    offer yet.
  - On a site without a software update point the component has nothing to read; check mode then plans every given
    setting as a change, and the real run (after M(configmgr.sup.sup_role) added the first one) may find some of them
    already as wanted.
seealso:
  - module: configmgr.sup.sup_sync
  - module: configmgr.sup.sup_role
  - name: Configure classifications and products to synchronize
    description: Configuration Manager documentation.
    link: https://learn.microsoft.com/mem/configmgr/sum/get-started/configure-classifications-and-products
  - name: Set-CMSoftwareUpdatePointComponent
    description: The cmdlet that sets the component.
    link: https://learn.microsoft.com/powershell/module/configurationmanager/set-cmsoftwareupdatepointcomponent
"""

EXAMPLES = r"""
- name: Synchronize from Microsoft Update every day at 02:00, with an alert on failure (run on the site server)
  configmgr.sup.sup_component:
    sync_source: microsoft_update
    sync_schedule:
      enabled: true
      interval: 1
      unit: days
      start: '2026-01-01 02:00'
    sync_failure_alert: true
  register: source

- name: Subscribe exactly these classifications, by display name
  configmgr.sup.sup_component:
    classifications:
      - Critical Updates
      - Security Updates
      - Definition Updates
  register: classifications

- name: Add Update Rollups by its classification ID, keeping the others
  configmgr.sup.sup_component:
    classifications: ['28bc880e-0592-4cbf-8f95-c79b17911d5f']
    classifications_mode: add
  register: added

- name: Update files in English and French only; expire superseded updates after 3 months; clean WSUS up after sync
  configmgr.sup.sup_component:
    update_file_languages: [en, French]
    supersedence_months: 3
    feature_supersedence_months: 0
    wsus_cleanup: true
    content_file_option: full_files
    max_runtime_minutes: 60
  register: maintenance

# Products come with the first synchronization: on a new site, synchronize first (configmgr.sup.sup_sync), then
#   configmgr.sup.sup_component:
#     products: [Windows Server 2022, Microsoft Server operating system-21H2]
#     products_mode: add
"""

RETURN = r"""
before:
  description:
    - The settings the task gives, as the site had them, by option name; lists by display name.
      C(sync_schedule) is C(enabled), C(interval), C(unit) and C(start); C(supersedence_months) 0 means immediately.
  returned: always
  type: dict
  sample:
    classifications: [Critical Updates]
    sync_schedule: {enabled: false, interval: null, unit: null, start: null}
after:
  description: The settings after the task (predicted in check mode), with the same keys as RV(before).
  returned: always
  type: dict
  sample:
    classifications: [Critical Updates, Security Updates]
    sync_schedule: {enabled: true, interval: 1, unit: days, start: '2026-01-01 02:00'}
diff:
  description: RV(before) and RV(after), in diff mode when something changes.
  returned: when changed in diff mode
  type: dict
pending:
  description:
    - The items the site cannot know yet because it never synchronized (check mode only; a real run fails), each
      with C(option), C(item) as given and C(reason).
  returned: always
  type: list
  elements: dict
  sample:
    - {option: products, item: Windows Server 2022,
       reason: 'the site has never synchronized, so it does not know its products yet'}
synchronized:
  description: The site has synchronized software updates successfully at least once.
  returned: always
  type: bool
  sample: false
subscriptions_changed:
  description:
    - Classifications, products or languages changed (or would, in check mode), so the site needs a synchronization
      to follow them.
  returned: always
  type: bool
  sample: true
subscribed:
  description:
    - What the site synchronizes after the task (predicted in check mode), by display name, RV(pending) items as
      given.
  returned: always
  type: dict
  sample:
    classifications: [Critical Updates, Security Updates]
    products: []
    update_file_languages: [English]
    summary_languages: [English]
site_code:
  description: The site code used.
  returned: always
  type: str
  sample: PR1
changed_since_read:
  description:
    - V(true) when the apply script found the site changed since the probe read it (a console edit, a concurrent run)
      and changed nothing. The task fails naming each setting with the value read and the value now.
  returned: when the apply refused
  type: bool
  sample: true
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.configmgr.sup.plugins.module_utils._sup_component_spec import SUP_COMPONENT_SPEC


def main():
    module = AnsibleModule(supports_check_mode=True, **SUP_COMPONENT_SPEC.module_kwargs())
    module.fail_json(msg='configmgr.sup.sup_component runs through its action plugin; call it as a task '
                         'with the configmgr.sup collection installed')


if __name__ == '__main__':
    main()
