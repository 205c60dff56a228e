"""IIS as WebAdministration sees it: the module, the IIS: provider (IIS:\\Sites\\<site>\\<vroot>) and
the site state in ``host.data['iis']['sites']`` ({name: {id, bindings: [{protocol, port, ip?,
host?, thumbprint?, store?}], vroots: {name: {sslFlags}}, sslFlags?}}). A site-level ``sslFlags``
(a "Require SSL" on the whole site) is inherited by vroots that have none of their own.

WebAdministration: https://learn.microsoft.com/powershell/module/webadministration/
IIS provider paths (IIS:\\Sites): https://learn.microsoft.com/iis/manage/powershell/powershell-snap-in-navigation
"""

from __future__ import annotations

import typing as t

from labsim.powershell import api
from labsim.windows import errors, provider
from labsim.windows.paths import Location

#: IIS:\ top-level containers (only Sites is modelled below)
TOP = ('AppPools', 'Sites', 'SslBindings')


@api.module('WebAdministration')
def load_webadministration(inv: api.Invocation, path: str | None) -> None:
    """Present where IIS is installed. Which feature brings the module on a WSUS-only IIS install
    (Web-Scripting-Tools, Web-Mgmt-Console...) is not clearly documented: the lab ties it to
    Web-Server (unverified)."""
    if inv.host.data['features'].get('Web-Server') != 'Installed':
        inv.fail("The specified module 'WebAdministration' was not loaded because no valid module file was found "
                 'in any module directory.', errors.fqid('Modules_ModuleNotFound', inv.name), 'ResourceUnavailable',
                 'System.IO.FileNotFoundException', 'WebAdministration')


def sites(host) -> dict[str, dict[str, t.Any]]:
    return host.data.setdefault('iis', {}).setdefault('sites', {})


def find_site(host, name: str) -> tuple[str, dict[str, t.Any]] | None:
    """IIS site names compare case-insensitively."""
    for site_name, site in sites(host).items():
        if site_name.lower() == (name or '').lower():
            return site_name, site
    return None


def find_vroot(site: dict[str, t.Any], name: str) -> tuple[str, dict[str, t.Any]] | None:
    for vroot_name, vroot in site['vroots'].items():
        if vroot_name.lower() == name.lower():
            return vroot_name, vroot
    return None


def binding_information(binding: dict[str, t.Any]) -> str:
    """"<ip>:<port>:<host header>" as applicationHost.config stores it."""
    return f"{binding.get('ip', '*')}:{binding['port']}:{binding.get('host', '')}"


@provider.register('WebAdministration')
class IisProvider(provider.Provider):
    """IIS:\\, IIS:\\Sites, IIS:\\Sites\\<site>, IIS:\\Sites\\<site>\\<vroot> (existence and listing)."""

    name = 'WebAdministration'

    def _walk(self, session, parts):
        if not parts:
            return 'root'
        top = next((name for name in TOP if name.lower() == parts[0].lower()), None)
        if top is None:
            return None
        if len(parts) == 1:
            return 'top'
        if top != 'Sites':
            raise api.LabUnsupported(f'IIS:\\{top} below its root is not modelled')
        found = find_site(session.host, parts[1])
        if found is None:
            return None
        if len(parts) == 2:
            return 'site'
        if len(parts) == 3 and find_vroot(found[1], parts[2]) is not None:
            return 'vroot'
        return None

    def exists(self, session, loc: Location):
        return self._walk(session, loc.parts) is not None

    def is_container(self, session, loc: Location):
        return self.exists(session, loc)

    def child_names(self, session, loc: Location):
        kind = self._walk(session, loc.parts)
        if kind == 'root':
            return list(TOP)
        if kind == 'top' and loc.parts[0].lower() == 'sites':
            return list(sites(session.host))
        if kind == 'site':
            return list(find_site(session.host, loc.parts[1])[1]['vroots'])
        return []
