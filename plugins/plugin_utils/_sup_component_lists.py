# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The lists of the software update point component: classifications and products (update categories,
by display name or ID) and languages (by culture name or display name), with exact, add and remove modes.

PRIVATE to configmgr.sup. Facts:
- Get-CMSoftwareUpdateCategory returns SMS_UpdateCategoryInstance objects; CategoryInstance_UniqueID is
  ``Product:<guid>`` or ``UpdateClassification:<guid>``, IsSubscribed says whether the site synchronizes it
  (https://learn.microsoft.com/mem/configmgr/develop/reference/sum/sms_updatecategoryinstance-server-wmi-class).
- Set-CMSoftwareUpdatePointComponent takes categories by display name (-AddProduct, -AddUpdateClassification),
  so a display name two categories of the type share cannot be passed safely: refused here with both IDs.
- Products come with the first successful synchronization; before it only the classifications exist
  (Microsoft, "Configure classifications and products to synchronize").
- Languages are kept as culture names (``SupportedUpdateLanguages``: ``en,fr``); the cmdlet takes the
  languages' display names, as the console lists them (ConfigMgrCBDsc maps them with CultureInfo; unverified).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import typing as t

from ansible_collections.configmgr.sup.plugins.module_utils._sup_component_spec import SUBSCRIPTIONS, Subscription
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import InvalidInput

#: the languages WSUS offers for update files and summary details: culture name -> CultureInfo.DisplayName
#: (en-US display language). The Chinese display names differ between Windows versions (unverified).
LANGUAGES = {
    'ar': 'Arabic', 'bg': 'Bulgarian', 'cs': 'Czech', 'da': 'Danish', 'de': 'German', 'el': 'Greek',
    'en': 'English', 'es': 'Spanish', 'et': 'Estonian', 'fi': 'Finnish', 'fr': 'French', 'he': 'Hebrew',
    'hi': 'Hindi', 'hr': 'Croatian', 'hu': 'Hungarian', 'it': 'Italian', 'ja': 'Japanese', 'ko': 'Korean',
    'lt': 'Lithuanian', 'lv': 'Latvian', 'nl': 'Dutch', 'no': 'Norwegian', 'pl': 'Polish', 'pt': 'Portuguese',
    'pt-br': 'Portuguese (Brazil)', 'ro': 'Romanian', 'ru': 'Russian', 'sk': 'Slovak', 'sl': 'Slovenian',
    'sr': 'Serbian', 'sv': 'Swedish', 'th': 'Thai', 'tr': 'Turkish', 'uk': 'Ukrainian',
    'zh-cn': 'Chinese (Simplified, PRC)', 'zh-hk': 'Chinese (Traditional, Hong Kong S.A.R.)',
    'zh-tw': 'Chinese (Traditional, Taiwan)',
}
_GUID = re.compile(r'^(?:(?P<type>[A-Za-z]+):)?\{?(?P<guid>[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})\}?$')
BY_OPTION = {subscription.option: subscription for subscription in SUBSCRIPTIONS}


@dataclasses.dataclass
class Resolved:
    """The items of one list option: ``found`` key -> display name (a category's unique ID or a culture name);
    ``pending`` the items the site cannot know before its first synchronization; ``problems`` what is wrong."""

    found: dict[str, str] = dataclasses.field(default_factory=dict)
    pending: list[str] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)
    #: found categories the site does not allow to subscribe (AllowSubscription false): they cannot be added
    refused: dict[str, str] = dataclasses.field(default_factory=dict)


def _quote(names: t.Iterable[str]) -> str:
    return ', '.join(repr(name) for name in names)


def close_names(name: str, known: t.Iterable[str]) -> list[str]:
    """Up to five known names close to ``name`` (difflib, without regard to case), best first."""
    by_lower: dict[str, str] = {}
    for known_name in known:
        by_lower.setdefault(known_name.lower(), known_name)
    return [by_lower[match] for match in difflib.get_close_matches(name.lower(), list(by_lower), n=5, cutoff=0.6)]


def _unknown(subscription: Subscription, item: str, known: t.Iterable[str], site: str) -> str:
    close = close_names(item, known)
    hint = f'; close names: {_quote(close)}' if close else '; no close name'
    article = 'an' if subscription.what[0] in 'aeiou' else 'a'
    return f'{item!r} is not {article} {subscription.what} of site {site}{hint}'


def categories_of(probe: dict[str, t.Any], category_type: str) -> list[dict[str, t.Any]]:
    return [c for c in probe.get('categories') or [] if isinstance(c, dict) and c.get('type') == category_type]


def guid_of(unique_id: str) -> str:
    return unique_id.rpartition(':')[2].strip('{}').lower()


def resolve_categories(subscription: Subscription, items: list[str], probe: dict[str, t.Any]) -> Resolved:
    """Each item a display name or an ID (``<guid>`` or ``<Type>:<guid>``) of a category of the type."""
    site = probe.get('site_code') or 'the site'
    known = categories_of(probe, subscription.category_type)
    by_name: dict[str, list[dict[str, t.Any]]] = {}
    for category in known:
        by_name.setdefault(str(category.get('name') or '').lower(), []).append(category)
    unknown_yet = not known and not probe.get('synchronized')
    resolved = Resolved()
    for item in items:
        match = _GUID.match(item.strip())
        if match and match.group('type') and match.group('type').lower() != subscription.category_type.lower():
            resolved.problems.append(f'{item!r} is the ID of a {match.group("type")}, not of a {subscription.what}')
            continue
        if match:
            hits = [c for c in known if guid_of(str(c.get('id') or '')) == match.group('guid').lower()]
        else:
            hits = by_name.get(item.strip().lower(), [])
        if not hits:
            if unknown_yet:
                resolved.pending.append(item)
            elif match:
                resolved.problems.append(f'no {subscription.what} of site {site} has the ID {item!r}')
            else:
                resolved.problems.append(_unknown(subscription, item, [c.get('name') for c in known], site))
            continue
        name = str(hits[0].get('name'))
        namesakes = by_name.get(name.lower(), [])
        if len(namesakes) > 1:
            ids = ' and '.join(str(c.get('id')) for c in namesakes)
            resolved.problems.append(f'{item!r}: the display name {name!r} is shared by {ids}; '
                                     f'Set-CMSoftwareUpdatePointComponent takes {subscription.what}s by name, '
                                     f'so this one cannot be set unambiguously')
            continue
        if hits[0].get('allow') is False:
            resolved.refused[str(hits[0].get('id'))] = name
        resolved.found[str(hits[0].get('id'))] = name
    return resolved


def resolve_languages(subscription: Subscription, items: list[str], probe: dict[str, t.Any]) -> Resolved:
    """Each item a culture name (``en``) or its display name (``English``)."""
    by_display = {name.lower(): culture for culture, name in LANGUAGES.items()}
    resolved = Resolved()
    for item in items:
        key = item.strip().lower()
        culture = key if key in LANGUAGES else by_display.get(key)
        if culture is None:
            site = probe.get('site_code') or 'the site'
            resolved.problems.append(_unknown(subscription, item, list(LANGUAGES.values()) + list(LANGUAGES), site))
            continue
        resolved.found[culture] = LANGUAGES[culture]
    return resolved


def current(subscription: Subscription, probe: dict[str, t.Any]) -> dict[str, str]:
    """What the site has now: key -> display name."""
    if subscription.category_type:
        return {str(c.get('id')): str(c.get('name')) for c in categories_of(probe, subscription.category_type)
                if c.get('subscribed')}
    entry = (probe.get('component') or {}).get(subscription.language_prop) or {}
    cultures = [c.strip().lower() for c in str(entry.get('value2') or '').split(',') if c.strip()]
    return {culture: LANGUAGES.get(culture, culture) for culture in cultures}


def resolve(subscription: Subscription, items: list[str], probe: dict[str, t.Any]) -> Resolved:
    unique = list(dict.fromkeys(item for item in items))
    if subscription.category_type:
        return resolve_categories(subscription, unique, probe)
    return resolve_languages(subscription, unique, probe)


def check(params: dict[str, t.Any]) -> None:
    """Items are non-empty; a mode other than exact needs its list (raise InvalidInput naming the option)."""
    for subscription in SUBSCRIPTIONS:
        items = params.get(subscription.option)
        mode = params.get(f'{subscription.option}_mode')
        if items is None:
            if mode != 'exact':
                raise InvalidInput(f'{subscription.option}_mode', f'needs {subscription.option}')
            continue
        if any(not str(item).strip() for item in items):
            raise InvalidInput(subscription.option, 'must not contain an empty name')
