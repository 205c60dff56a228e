# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What is wrong with software update point entries and with the sup_install inventory model, all at once.

PRIVATE to configmgr.sup. One table of rules serves both vocabularies: the entries of the
software_update_point role (``software_update_point_sups``) and the ``configmgr_sup_*`` host variables of
the sup_install inventory, which the ``sup_entry`` filter turns into those entries. A rule names options
by their entry key; the caller's ``name`` function turns a key into the name the user wrote
(``proxy_port`` or ``configmgr_sup_proxy_port``), so each message names what to fix.

Everything here runs on the controller, before any host is read or changed, and never looks at a
password's value: only whether one is given.
"""

from __future__ import annotations

import datetime
import difflib
import typing as t

from ansible.module_utils.common.validation import check_type_bool, check_type_int

from ansible_collections.configmgr.sup.plugins.plugin_utils import _configmgr as cm
from ansible_collections.configmgr.sup.plugins.plugin_utils import _validators as validate
from ansible_collections.configmgr.sup.plugins.plugin_utils import _sup_component_settings as component
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import InvalidInput
from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_proxy import proxy_host

#: the keys of a software_update_point_sups entry: type and allowed values (meta/argument_specs.yml documents them)
ENTRY_OPTIONS: dict[str, dict[str, t.Any]] = {
    'site_system': {'type': 'str'},
    'state': {'type': 'str', 'choices': ['present', 'absent']},
    'wsus_host': {'type': 'str'},
    'http_port': {'type': 'int'},
    'https_port': {'type': 'int'},
    'ssl': {'type': 'bool'},
    'client_connection': {'type': 'str', 'choices': ['intranet', 'internet', 'both']},
    'public_fqdn': {'type': 'str'},
    'cloud_gateway': {'type': 'bool'},
    'site_server_initiated_transfers': {'type': 'bool'},
    'proxy_server': {'type': 'str'},
    'proxy_port': {'type': 'int'},
    'proxy_username': {'type': 'str'},
    'sync_uses_proxy': {'type': 'bool'},
    'adr_uses_proxy': {'type': 'bool'},
}
#: what an entry with state absent may hold: it removes the role, nothing else
ABSENT_OPTIONS = ('site_system', 'wsus_host', 'state')
INTERNET_FACING = ('internet', 'both')
KINDS = {'int': 'a number', 'bool': 'true or false', 'str': 'a string', 'list': 'a list of names',
         'dict': 'a dictionary'}
PROXY_DEPENDENT = ('proxy_port', 'proxy_username')
PROXY_FLAGS = ('sync_uses_proxy', 'adr_uses_proxy')

#: the software update point component of a site (configmgr.sup.sup_component's options, the software_update_point
#: role's software_update_point_<key> variables and sup_install's site-level configmgr_sup_<key>): type and rules
COMPONENT_OPTIONS: dict[str, dict[str, t.Any]] = {
    'sync_source': {'type': 'str', 'choices': ['microsoft_update', 'upstream', 'none']},
    'upstream_source': {'type': 'str'},
    'sync_schedule': {'type': 'dict'},
    'sync_failure_alert': {'type': 'bool'},
    'reporting_events': {'type': 'str', 'choices': ['none', 'status_only', 'all']},
    'classifications': {'type': 'list'},
    'classifications_mode': {'type': 'str', 'choices': ['exact', 'add', 'remove']},
    'products': {'type': 'list'},
    'products_mode': {'type': 'str', 'choices': ['exact', 'add', 'remove']},
    'update_file_languages': {'type': 'list'},
    'update_file_languages_mode': {'type': 'str', 'choices': ['exact', 'add', 'remove']},
    'summary_languages': {'type': 'list'},
    'summary_languages_mode': {'type': 'str', 'choices': ['exact', 'add', 'remove']},
    'supersedence_months': {'type': 'int', 'range': (0, component.MONTHS_MAX)},
    'feature_supersedence_months': {'type': 'int', 'range': (0, component.MONTHS_MAX)},
    'wsus_cleanup': {'type': 'bool'},
    'content_file_option': {'type': 'str', 'choices': ['full_files', 'express']},
    'max_runtime_minutes': {'type': 'int', 'range': (component.MINUTES_MIN, component.MINUTES_MAX)},
    'feature_max_runtime_minutes': {'type': 'int', 'range': (component.MINUTES_MIN, component.MINUTES_MAX)},
}
#: what the role does with the component (not options of sup_component): manage it at all, run the synchronizations
COMPONENT_FLOW = {
    'component': {'type': 'bool'},
    'sync': {'type': 'bool'},
    'sync_timeout': {'type': 'int', 'range': (1, None)},
}
#: the catalog lists, which sup_component takes with a <list>_mode each
COMPONENT_LISTS = ('classifications', 'products', 'update_file_languages', 'summary_languages')
#: the keys of sync_schedule (sup_component's suboptions)
SCHEDULE_KEYS: dict[str, dict[str, t.Any]] = {
    'enabled': {'type': 'bool'},
    'interval': {'type': 'int'},
    'unit': {'type': 'str', 'choices': ['days', 'hours']},
    'start': {'type': 'str'},
}
#: New-CMSchedule -RecurCount per -RecurInterval (Days 1-31, Hours 1-23), as sup_component checks it
SCHEDULE_SPAN = component.RECUR_LIMITS

#: configmgr_sup_<name> inventory variables sup_install reads: where (sup: a software update point host; site: the
#: site server; any: either) and whether it becomes the entry key of the same name (sup_entry)
INVENTORY_VARIABLES: dict[str, dict[str, t.Any]] = {
    'state': {'where': 'sup', 'entry': True},
    'http_port': {'where': 'sup', 'entry': True},
    'ssl': {'where': 'sup', 'entry': True},
    'client_connection': {'where': 'sup', 'entry': True},
    'public_fqdn': {'where': 'sup', 'entry': True},
    'cloud_gateway': {'where': 'sup', 'entry': True},
    'site_server_initiated_transfers': {'where': 'sup', 'entry': True},
    'proxy_server': {'where': 'sup', 'entry': True},
    'proxy_port': {'where': 'sup', 'entry': True},
    'proxy_username': {'where': 'sup', 'entry': True},
    'sync_uses_proxy': {'where': 'sup', 'entry': True},
    'adr_uses_proxy': {'where': 'sup', 'entry': True},
    'proxy_password': {'where': 'sup', 'secret': True},
    'content_dir': {'where': 'sup'},
    'database': {'where': 'sup'},
    'sql_server': {'where': 'sup'},
    'shared_database': {'where': 'sup', 'type': 'bool'},
    'certificate_thumbprint': {'where': 'sup'},
    'fqdn': {'where': 'sup'},
    'clients': {'where': 'sup'},
    'dedicated': {'where': 'sup'},
    'connection_account': {'where': 'any'},
    'connection_password': {'where': 'site', 'secret': True},
    'verify_timeout': {'where': 'any'},
    'verify_poll_interval': {'where': 'any'},
}
# the site's software update point component: on the site server (its host or group variables)
INVENTORY_VARIABLES.update({key: {'where': 'site', 'component': True} for key in (*COMPONENT_OPTIONS, *COMPONENT_FLOW)})
PREFIX = 'configmgr_sup_'
SITE_SERVERS = 'configmgr_site_servers'
SUP_SERVERS = 'configmgr_sup_servers'


def given(value: t.Any) -> bool:
    """Null and omit (ansible-core's sentinel, or the placeholder string of older releases) count as not given: the
    setting stays as it is."""
    return value is not None and type(value).__name__ != '_OmitType' and not (
        isinstance(value, str) and value.startswith('__omit_place_holder__'))


def _typed(kind: str, value: t.Any) -> t.Any:
    """The value as the modules take it (``'8530'`` is 8530, ``'yes'`` is true); ValueError/TypeError otherwise."""
    if kind == 'int':
        if isinstance(value, bool):
            raise TypeError(f'{value!r} is a boolean, not a number')
        return check_type_int(value)
    if kind == 'bool':
        return check_type_bool(value)
    if kind == 'list':
        if not isinstance(value, list):
            raise TypeError(f'{value!r} is not a list')
        return value
    if kind == 'dict':
        if not isinstance(value, dict):
            raise TypeError(f'{value!r} is not a dictionary')
        return value
    if not isinstance(value, str):
        raise TypeError(f'{value!r} is not a string')
    return value


def _close(key: str, known: t.Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f'did you mean {" or ".join(close)}?' if close else f'the options are {", ".join(known)}'


Name = t.Callable[[str], str]


def _entry(entry: t.Any, name: Name) -> tuple[dict[str, t.Any], list[tuple[str, str]]]:
    """The typed settings of one entry and its own problems as (option, message)."""
    problems: list[tuple[str, str]] = []
    if not isinstance(entry, dict):
        return {}, [('', f'must be a dictionary with at least {name("site_system")}, got {type(entry).__name__}')]
    values: dict[str, t.Any] = {}
    for key, value in entry.items():
        if key not in ENTRY_OPTIONS:
            problems.append((str(key), f'is not an option of a software update point; {_close(str(key), ENTRY_OPTIONS)}'))
            continue
        if not given(value):
            continue
        spec = ENTRY_OPTIONS[key]
        try:
            value = _typed(spec['type'], value)
        except (TypeError, ValueError):
            problems.append((key, f'must be {KINDS[spec["type"]]}, got {value!r}'))
            continue
        if 'choices' in spec and value not in spec['choices']:
            problems.append((key, f'must be one of {", ".join(spec["choices"])}, got {value!r}'))
            continue
        values[key] = value
    return values, problems + _settings(values, name)


def _check(problems: list[tuple[str, str]], option: str, rule: t.Callable[[], t.Any]) -> None:
    try:
        rule()
    except InvalidInput as err:
        problems.append((option, str(err).split(': ', 1)[1]))


def _settings(values: dict[str, t.Any], name: Name) -> list[tuple[str, str]]:
    """The rules between the settings of one entry."""
    problems: list[tuple[str, str]] = []
    if 'site_system' not in values:
        problems.append(('site_system', 'is required: the FQDN of the server that holds the software update point'))
    else:
        _check(problems, 'site_system', lambda: validate.fqdn('site_system', values['site_system']))
    if values.get('state') == 'absent':
        for key in values:
            if key not in ABSENT_OPTIONS:
                problems.append((key, f'is not used with {name("state")}: absent, which removes only the software '
                                      'update point role (the site system server and WSUS stay): leave it out'))
        return problems
    for key in ('http_port', 'https_port', 'proxy_port'):
        _check(problems, key, lambda key=key: cm.port(key, values.get(key)))
    if values.get('http_port') is not None and values.get('http_port') == values.get('https_port'):
        problems.append(('https_port', f'must differ from {name("http_port")} ({values["http_port"]})'))
    if 'public_fqdn' in values:
        _check(problems, 'public_fqdn', lambda: validate.fqdn('public_fqdn', values['public_fqdn']))
    elif values.get('client_connection') in INTERNET_FACING:
        problems.append(('public_fqdn', f'is required: an Internet-facing software update point ({name("client_connection")}'
                                        f': {values["client_connection"]}) needs the Internet FQDN of its site system'))
    if values.get('cloud_gateway'):
        if values.get('client_connection') == 'intranet':
            problems.append(('cloud_gateway', f'needs an Internet-facing software update point ({name("client_connection")}: '
                                              'internet or both), not intranet'))
        if values.get('ssl') is False:
            problems.append(('cloud_gateway', f'needs {name("ssl")}: true (cloud management gateway traffic to a '
                                              'software update point requires SSL)'))
    if 'proxy_server' in values:
        _check(problems, 'proxy_server', lambda: proxy_host('proxy_server', values['proxy_server']))
    else:
        for key in PROXY_DEPENDENT:
            if key in values:
                problems.append((key, f'needs {name("proxy_server")} in the same entry: the site system proxy is set '
                                      'as a whole (server, port, account)'))
        for key in PROXY_FLAGS:
            if values.get(key):
                problems.append((key, f'true needs {name("proxy_server")} in the same entry (a software update point '
                                      'cannot use a proxy its site system does not have); false turns it off'))
    if 'proxy_username' in values:
        _check(problems, 'proxy_username', lambda: cm.optional_account('proxy_username', values['proxy_username']))
    return problems


def entries_problems(entries: t.Any, name: Name = str,
                     where: t.Callable[[int, dict[str, t.Any]], str] | None = None,
                     proxy_passwords: t.Any = None) -> list[str]:
    """Every problem of a software_update_point_sups list, each as ``<entry>: <option>: <rule>``."""
    if not isinstance(entries, list):
        return [f'{name("software_update_point_sups")}: must be a list of entries, got {type(entries).__name__}']

    def label(index: int, entry: t.Any) -> str:
        if where is not None:
            return where(index, entry)
        system = entry.get('site_system') if isinstance(entry, dict) else None
        return f'software_update_point_sups[{index}]' + (f' ({system})' if isinstance(system, str) else '')

    problems: list[str] = []
    seen: dict[str, int] = {}
    typed: list[dict[str, t.Any]] = []
    for index, entry in enumerate(entries):
        values, found = _entry(entry, name)
        typed.append(values)
        problems += [f'{label(index, entry)}: {name(option) + ": " if option else ""}{message}' for option, message in found]
        system = values.get('site_system')
        if isinstance(system, str):
            key = system.rstrip('.').lower()
            if key in seen:
                problems.append(f'{label(index, entry)}: {name("site_system")}: {system} is also the '
                                f'{name("site_system")} of {label(seen[key], entries[seen[key]])}: one entry per server')
            else:
                seen[key] = index
    for system, password in (proxy_passwords or {}).items() if isinstance(proxy_passwords, dict) else ():
        if not given(password):
            continue
        index = seen.get(str(system).rstrip('.').lower())
        if index is None:
            problems.append(f'{name("software_update_point_proxy_passwords")}: {system}: is not the '
                            f'{name("site_system")} of any software update point: the password would be unused')
        elif 'proxy_username' not in typed[index]:
            problems.append(f'{label(index, entries[index])}: {name("software_update_point_proxy_passwords")}: a '
                            f'password is given but no {name("proxy_username")}: the password would be unused')
    return problems


def role_problems(entries: t.Any, proxy_passwords: t.Any = None, connection_account: t.Any = None,
                  connection_password: bool = False, update_password: str = 'on_create') -> list[str]:
    """Every problem of the software_update_point role's input: its entries and the variables between them."""
    problems = entries_problems(entries, proxy_passwords=proxy_passwords if given(proxy_passwords) else None)
    if given(connection_account):
        try:
            cm.optional_account('software_update_point_connection_account', connection_account)
        except InvalidInput as err:
            problems.append(str(err))
        if update_password == 'always' and not connection_password:
            problems.append('software_update_point_connection_password: is required with '
                            'software_update_point_connection_update_password: always')
    elif connection_password:
        problems.append('software_update_point_connection_password: is given but software_update_point_connection_'
                        'account is not: the password would be unused')
    return problems


# ---- the software update point component of the site ---------------------------------------------------------

def _value(spec: dict[str, t.Any], value: t.Any) -> tuple[t.Any, str | None]:
    """The typed value, or the rule it breaks."""
    try:
        value = _typed(spec['type'], value)
    except (TypeError, ValueError):
        return None, f'must be {KINDS[spec["type"]]}, got {value!r}'
    if 'choices' in spec and value not in spec['choices']:
        return None, f'must be one of {", ".join(spec["choices"])}, got {value!r}'
    low, high = spec.get('range', (None, None))
    if (low is not None and value < low) or (high is not None and value > high):
        return None, (f'must be between {low} and {high}, got {value!r}' if high is not None
                      else f'must be {low} or more, got {value!r}')
    return value, None


def _schedule(schedule: dict[str, t.Any]) -> list[str]:
    """The rules of a sync_schedule: enabled (required), interval 1-31 days or 1-23 hours, start YYYY-MM-DD HH:MM."""
    problems: list[str] = []
    typed: dict[str, t.Any] = {}
    for key, value in schedule.items():
        if key not in SCHEDULE_KEYS:
            problems.append(f'{key} is not a key of a sync schedule; {_close(str(key), SCHEDULE_KEYS)}')
        elif given(value):
            value, problem = _value(SCHEDULE_KEYS[key], value)
            if problem:
                problems.append(f'{key} {problem}')
            else:
                typed[key] = value
    if not given(schedule.get('enabled')):
        problems.append('enabled is required (true: synchronize on this schedule, false: no schedule)')
    if typed.get('enabled') is False:
        extra = [key for key in ('interval', 'start') if key in typed]
        if extra:
            problems.append(f'{" and ".join(extra)} is only used with enabled: true (false leaves the site with no '
                            'schedule)')
        return problems
    unit = typed.get('unit', 'days')
    if 'interval' in typed and not 1 <= typed['interval'] <= SCHEDULE_SPAN.get(unit, 31):
        problems.append(f'interval must be between 1 and {SCHEDULE_SPAN.get(unit, 31)} {unit}, got {typed["interval"]}')
    if 'start' in typed:
        try:
            validate_start(typed['start'])
        except ValueError:
            problems.append(f"start must be a local date and time 'YYYY-MM-DD HH:MM', got {typed['start']!r}")
    return problems


def validate_start(start: str) -> None:
    """A schedule's start as sup_component takes it ('2026-01-31 02:00'); ValueError otherwise."""
    datetime.datetime.strptime(start, component.START_FORMAT)


def component_values(values: t.Any) -> dict[str, t.Any]:
    """The component settings given (null and omit are not), by option name."""
    return {key: value for key, value in (values or {}).items() if key in COMPONENT_OPTIONS and given(value)}


def component_problems(values: t.Any, name: Name = str) -> list[str]:
    """Every problem of the component settings (option -> value; null and omit count as not given), each as
    ``<variable>: <rule>``, named by ``name`` (software_update_point_products, configmgr_sup_products)."""
    problems: list[str] = []
    typed: dict[str, t.Any] = {}
    for key, value in (values or {}).items():
        spec = COMPONENT_OPTIONS.get(key) or COMPONENT_FLOW.get(key)
        if spec is None or not given(value):
            continue
        value, problem = _value(spec, value)
        if problem:
            problems.append(f'{name(key)}: {problem}')
            continue
        typed[key] = value
    for key in COMPONENT_LISTS:
        items = typed.get(key)
        for item in items or ():
            if not isinstance(item, str) or not item.strip():
                problems.append(f'{name(key)}: each item must be a display name or an ID, got {item!r}')
        if key + '_mode' in typed and key not in typed:
            problems.append(f'{name(key + "_mode")}: is given but {name(key)} is not: the mode would be unused')
    if 'sync_schedule' in typed:
        problems += [f'{name("sync_schedule")}: {problem}' for problem in _schedule(typed['sync_schedule'])]
    source = typed.get('sync_source')
    upstream = typed.get('upstream_source')
    if source == 'upstream' and upstream is None:
        problems.append(f'{name("upstream_source")}: is required with {name("sync_source")}: upstream (the URL of the '
                        'upstream WSUS server, such as https://wsus01.contoso.com:8531)')
    elif upstream is not None and source != 'upstream':
        problems.append(f'{name("upstream_source")}: is given but {name("sync_source")} is '
                        f'{source if source is not None else "not set"}, not upstream: the URL is only used with '
                        f'{name("sync_source")}: upstream')
    if upstream is not None and not _url(upstream):
        problems.append(f'{name("upstream_source")}: must be the URL of the upstream WSUS server (http:// or https://, '
                        f'a host and optionally a port, such as https://wsus01.contoso.com:8531), got {upstream!r}')
    return problems


def _url(value: str) -> bool:
    """An upstream WSUS server's URL as sup_component takes it (scheme, host, optional port)."""
    return bool(component.URL.match(value))  # one rule for both


# ---- the sup_install inventory model ------------------------------------------------------------------------

#: role variables a rule names, as the inventory model names them
_INVENTORY_NAMES = {'software_update_point_proxy_passwords': PREFIX + 'proxy_password',
                    'software_update_point_sups': 'the software update point hosts'}


def _var(key: str) -> str:
    return _INVENTORY_NAMES.get(key) or (key if key.startswith(PREFIX) else PREFIX + key)


def inventory_entry(host: str, host_vars: t.Any) -> dict[str, t.Any]:
    """A software_update_point_sups entry from the configmgr_sup_* variables of one host (sup_entry). A host whose
    configmgr_sup_state is absent gives only its state: its other settings are kept in the inventory but not used."""
    entry: dict[str, t.Any] = {'site_system': host, 'wsus_host': host}
    keys = [key for key, spec in INVENTORY_VARIABLES.items() if spec.get('entry')]
    if host_vars.get(PREFIX + 'state') == 'absent':
        keys = ['state']
    for key in keys:
        if PREFIX + key in host_vars and given(host_vars[PREFIX + key]):
            entry[key] = host_vars[PREFIX + key]
    return entry


def _unknown(host: str, names: t.Iterable[str]) -> list[str]:
    known = [PREFIX + key for key in INVENTORY_VARIABLES]
    return [f'{host}: {name}: is not a variable of the configmgr.sup.sup_install inventory model; '
            f'{_close(name, known) if difflib.get_close_matches(name, known, n=1, cutoff=0.6) else "it is not used"}'
            for name in sorted(names) if name.startswith(PREFIX) and name not in known]


def inventory_problems(groups: dict[str, t.Any], hostvars: t.Any) -> list[str]:
    """The rules between the configmgr_sup_* variables of the hosts of a sup_install inventory."""
    sups = list(groups.get(SUP_SERVERS) or [])
    sites = list(groups.get(SITE_SERVERS) or [])
    problems: list[str] = []
    for host in dict.fromkeys(sites + sups):
        problems += _unknown(host, list(hostvars[host].keys()))
    site_vars = hostvars[sites[0]] if len(sites) == 1 else {}
    entries, present = [], []
    for host in sups:
        host_vars = hostvars[host]
        state = host_vars.get(PREFIX + 'state')
        entries.append(inventory_entry(host, host_vars))
        if state != 'absent':
            present.append(host)
    problems += entries_problems(
        entries, name=_var, where=lambda index, entry: sups[index],
        proxy_passwords={host: True for host in present if given(hostvars[host].get(PREFIX + 'proxy_password'))})
    shared: dict[str, list[str]] = {}
    for host in present:
        host_vars = hostvars[host]
        ssl = host_vars.get(PREFIX + 'ssl')
        thumbprint = host_vars.get(PREFIX + 'certificate_thumbprint')
        if given(thumbprint):
            try:
                validate.thumbprint(PREFIX + 'certificate_thumbprint', thumbprint)
            except InvalidInput as err:
                problems.append(f'{host}: {err}')
            if not _true(ssl):
                problems.append(f'{host}: {PREFIX}certificate_thumbprint: is given but {PREFIX}ssl is not true: the '
                                'certificate is bound only when WSUS requires SSL; set configmgr_sup_ssl: true or '
                                'remove the thumbprint')
        try:
            is_shared = _true(host_vars.get(PREFIX + 'shared_database'))
        except (TypeError, ValueError) as err:
            problems.append(f'{host}: {PREFIX}shared_database: must be true or false: {err}')
            is_shared = False
        if is_shared:
            server = host_vars.get(PREFIX + 'sql_server')
            shared.setdefault(str(server).lower() if given(server) else '', []).append(host)
        account = host_vars.get(PREFIX + 'connection_account')
        site_account = site_vars.get(PREFIX + 'connection_account') if site_vars else None
        if site_vars and given(account) and not cm.same_account(account, site_account if given(site_account) else ''):
            problems.append(f'{host}: {PREFIX}connection_account: {account} differs from the site server\'s '
                            f'({site_account if given(site_account) else "not set"}): the site server sets one WSUS '
                            'Server Connection Account on every software update point, and WSUS on this host would '
                            'grant its rights to another one; set it once for both groups')
    if len(shared) > 1:
        listed = '; '.join(f'{server or "no configmgr_sup_sql_server"}: {", ".join(hosts)}'
                           for server, hosts in sorted(shared.items()))
        problems.append(f'{PREFIX}shared_database: the software update points that share one SUSDB name different SQL '
                        f'Servers ({listed}); a shared SUSDB is one database: give them the same {PREFIX}sql_server')
    elif '' in shared:
        problems.append(f'{", ".join(shared[""])}: {PREFIX}shared_database: true needs {PREFIX}sql_server (and '
                        f'{PREFIX}database: sql): a shared SUSDB lives on SQL Server')
    if site_vars:
        problems += [f'{sites[0]}: {problem}' for problem in component_problems(
            {key: site_vars.get(PREFIX + key) for key, spec in INVENTORY_VARIABLES.items() if spec.get('component')},
            name=_var)]
        for host in sups:
            if host == sites[0]:
                continue
            for key, spec in INVENTORY_VARIABLES.items():
                value = hostvars[host].get(PREFIX + key)
                if spec.get('component') and given(value) and value != site_vars.get(PREFIX + key):
                    problems.append(f'{host}: {PREFIX}{key}: is a setting of the site (its software update point '
                                    f'component), read from the site server {sites[0]} only, where it is '
                                    f'{site_vars.get(PREFIX + key) if given(site_vars.get(PREFIX + key)) else "not set"}:'
                                    f' set it on the site server (configmgr_site_servers)')
        account = site_vars.get(PREFIX + 'connection_account')
        if PREFIX + 'connection_password' in site_vars and given(site_vars.get(PREFIX + 'connection_password')) \
                and not given(account):
            problems.append(f'{sites[0]}: {PREFIX}connection_password: is given but {PREFIX}connection_account is '
                            'not: the password would be unused')
        elif given(account):
            try:
                cm.optional_account(PREFIX + 'connection_account', account)
            except InvalidInput as err:
                problems.append(f'{sites[0]}: {err}')
    return problems


def _true(value: t.Any) -> bool:
    return given(value) and check_type_bool(value)
