# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Decisions of configmgr.sup.sup_component: the software update point component of a site.

PRIVATE to configmgr.sup. Runs on the site server through the ConfigurationManager module. The probe
(sup_component_get.ps1) reads the component, the WSUS synchronization manager, the schedule, the sync
failure alert, the update categories and whether the site ever synchronized; everything is decided here:
- only the options the task gives are compared and changed (sup_role's rule);
- classifications, products and languages are resolved to the site's categories or WSUS's languages
  before anything changes; every unknown name (with close names), shared display name (with both IDs)
  and item the site cannot know yet is reported at once;
- a product the site cannot know because it never synchronized is ``pending``: check mode plans it
  (changed), a real run fails and says to synchronize first (configmgr.sup.sup_sync);
- the apply (sup_component_set.ps1) is one Set-CMSoftwareUpdatePointComponent call, compare-and-set
  against the values read here.
"""

from __future__ import annotations

import typing as t

from ansible_collections.configmgr.sup.plugins.module_utils._sup_component_spec import SETTINGS, SUBSCRIPTIONS
from ansible_collections.configmgr.sup.plugins.module_utils._sup_component_spec import SUP_COMPONENT_SPEC
from ansible_collections.configmgr.sup.plugins.plugin_utils import _sup_component_lists as lists
from ansible_collections.configmgr.sup.plugins.plugin_utils import _sup_component_settings as settings
from ansible_collections.configmgr.sup.plugins.plugin_utils import _validators as validate
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import (
    HostFailure,
    InvalidInput,
    Plan,
    PowerShellStateAction,
)

PENDING_REASON = 'the site has never synchronized, so it does not know its products yet'
RUN_SYNC_FIRST = ('site {site} has never synchronized software updates, so it does not know {items} yet: '
                  'configure the classifications and the sync source, run configmgr.sup.sup_sync, then set them')
NO_COMPONENT = ('site {site} has no software update point component yet: it comes with the site\'s first software '
                'update point; add one with configmgr.sup.sup_role first')


class Problems(InvalidInput):
    """Several options are wrong at once; each line names its option."""

    def __init__(self, problems: list[str]) -> None:
        option, _sep, message = '; '.join(problems).partition(': ')
        super().__init__(option, message)


def _names(values: t.Iterable[str]) -> list[str]:
    return sorted(values, key=str.lower)


class SupComponentAction(PowerShellStateAction):
    """The software update point component: sync source and schedule, categories, languages, supersedence."""

    MODULE = 'sup_component'
    SPEC = SUP_COMPONENT_SPEC

    def check_input(self, params):
        if params.get('site_code') is not None:
            params['site_code'] = validate.site_code('site_code', params['site_code'])
        settings.check(params)
        lists.check(params)

    def probe_parameters(self, params):
        return {'SiteCode': params['site_code']} if params.get('site_code') else {}

    # ---- planning ---------------------------------------------------------------------------
    def plan(self, params, probe):
        site = probe.get('site_code')
        synced = [time for time in probe.get('last_successful_sync') or [] if time]
        probe = dict(probe, synchronized=bool(synced))
        if not probe.get('component') and not self._task.check_mode:
            raise HostFailure(NO_COMPONENT.format(site=site))
        before: dict[str, t.Any] = {}
        after: dict[str, t.Any] = {}
        apply: dict[str, t.Any] = {}
        expected: dict[str, t.Any] = {}
        self._plan_settings(params, probe, before, after, apply, expected)
        problems: list[str] = []
        pending: list[dict[str, str]] = []
        subscribed: dict[str, list[str]] = {}
        for subscription in SUBSCRIPTIONS:
            changed = self._plan_list(subscription, params, probe, before, after, apply, problems, pending)
            now = lists.current(subscription, probe)
            subscribed[subscription.option] = after.get(subscription.option, _names(now.values()))
            if changed:
                expected.update(self._list_expected(subscription, probe, changed))
        if pending and not self._task.check_mode:
            items = ', '.join(f'{p["item"]!r} ({p["option"]})' for p in pending)
            message = RUN_SYNC_FIRST.format(site=site, items=items)
            if not problems:
                raise HostFailure(message, pending=pending, synchronized=False, site_code=site)
            problems.append(message)
        if problems:
            raise Problems(problems)
        lists_changed = any(f'Add{s.parameter}' in apply or f'Remove{s.parameter}' in apply for s in SUBSCRIPTIONS)
        plan = Plan(before=before, after=after,
                    apply=dict(apply, SiteCode=site) if apply else None, expected=expected)
        plan.facts.update(site_code=site, synchronized=probe['synchronized'], pending=pending,
                          subscriptions_changed=lists_changed, subscribed=subscribed)
        if not probe.get('component'):
            return self.prerequisite_missing(NO_COMPONENT.format(site=site), plan)
        return plan

    @staticmethod
    def _plan_settings(params, probe, before, after, apply, expected) -> None:
        for setting in SETTINGS:
            given = params.get(setting.option)
            if given is None:
                continue
            now = settings.current(setting, probe)
            if setting.kind == 'schedule':
                wanted = settings.wanted_schedule(given, now)
                differs = now['enabled'] != wanted['enabled'] or wanted['enabled'] and (
                    (now['interval'], now['unit']) != (wanted['interval'], wanted['unit'])
                    or now['start'] != wanted['start'])
            else:
                wanted = given
                differs = not settings.same(setting, now, wanted)
            before[setting.option], after[setting.option] = now, wanted
            if differs:
                apply.update(settings.arguments(setting, wanted))
                expected.update(settings.expected(setting, probe))
        if 'UpstreamSourceLocation' in apply and 'SynchronizeAction' not in apply:
            # the cmdlet takes the upstream location with the action that uses it
            apply.update(settings.arguments(settings.BY_OPTION['sync_source'], 'upstream'))

    @staticmethod
    def _plan_list(subscription, params, probe, before, after, apply, problems, pending) -> dict[str, str]:
        """Plan one list option; returns the items it adds or removes (key -> display name)."""
        items = params.get(subscription.option)
        if items is None:
            return {}
        option = subscription.option
        now = lists.current(subscription, probe)
        resolved = lists.resolve(subscription, items, probe)
        problems.extend(f'{option}: {problem}' for problem in resolved.problems)
        mode = params[f'{option}_mode']
        adding: dict[str, str] = {}
        removing: dict[str, str] = {}
        waiting: list[str] = []
        if mode == 'remove':
            removing = {key: name for key, name in resolved.found.items() if key in now}
        else:
            adding = {key: name for key, name in resolved.found.items() if key not in now}
            problems.extend(f'{option}: {name!r} cannot be subscribed on site {probe.get("site_code")} (its '
                            f'AllowSubscription is false)' for key, name in resolved.refused.items() if key in adding)
            waiting = list(resolved.pending)
            if mode == 'exact':
                removing = {key: name for key, name in now.items() if key not in resolved.found}
        kept = {key: name for key, name in now.items() if key not in removing}
        before[option] = _names(now.values())
        after[option] = _names(list(kept.values()) + list(adding.values()) + waiting)
        pending.extend({'option': option, 'item': item, 'reason': PENDING_REASON} for item in waiting)
        if adding or waiting:
            apply[f'Add{subscription.parameter}'] = _names(adding.values()) + waiting
        if removing:
            apply[f'Remove{subscription.parameter}'] = _names(removing.values())
        return dict(adding, **removing)

    @staticmethod
    def _list_expected(subscription, probe, changed: dict[str, str]) -> dict[str, t.Any]:
        """Compare-and-set: each category the apply subscribes or unsubscribes, as read; a language list whole."""
        if subscription.category_type:
            subscribed = {str(c.get('id')): bool(c.get('subscribed')) for c in probe.get('categories') or []
                          if isinstance(c, dict)}
            return {f'categories/{key}': subscribed.get(key) for key in changed}
        entry = (probe.get('component') or {}).get(subscription.language_prop) or {}
        return {f'component/{subscription.language_prop}/value2': entry.get('value2')}
