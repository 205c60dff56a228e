"""Where and how the site writes the logs our verifier reads: paths, components, threads, clocks.

The site server's logs are in ``<Installation Directory>\\Logs``; a remote SUP's SUPSetup.log and
WSUSCtrl.log are in ``C:\\SMS_<site>\\Logs`` on that server (unverified location, see docs/lab.md).
Formats are in ``labsim.cmlog``. Work the site does later is written with ``HostState.later`` on the
clock of the host that writes it, so a verifier that waits sees it appear.
https://learn.microsoft.com/mem/configmgr/core/plan-design/hierarchy/log-files
"""

from __future__ import annotations

import datetime
import typing as t

from labsim import cmlog
from labsim.context import LAB_EPOCH
from labsim.powershell import api
from labsim.profiles import CM_INSTALL_DIR

SMS_PROVIDER, SITECOMP, WCM = 'SMS Provider', 'SMS_SITE_COMPONENT_MANAGER', 'SMS_WSUS_CONFIGURATION_MANAGER'
WSUSCTRL = 'SMS_WSUS_CONTROL_MANAGER'
THREADS = {SMS_PROVIDER: 4544, SITECOMP: 2964, WCM: 5616, WSUSCTRL: 3012}
LOGS_DIR = CM_INSTALL_DIR + '\\Logs'


def is_local(host, fqdn: str) -> bool:
    return fqdn.lower() == host.name.lower()


def at(host, seconds: float) -> datetime.datetime:
    """The site server's local time ``seconds`` from now (from the due time while background work runs)."""
    return LAB_EPOCH + datetime.timedelta(seconds=host.now() + seconds)


def target_time(host, fqdn: str, seconds: float) -> datetime.datetime:
    """Local time on server ``fqdn`` (this host or another lab host) ``seconds`` from now."""
    clock = host.now() if is_local(host, fqdn) else host.store.peek_clock(fqdn.lower())
    return LAB_EPOCH + datetime.timedelta(seconds=clock + seconds)


def provider_line(inv: api.Invocation, message: str) -> None:
    """One SMSProv.log line, written as the provider handles the cmdlet's WMI call."""
    when = inv.session.tick(0.2)
    inv.host.write_text(LOGS_DIR + '\\SMSProv.log',
                        cmlog.simple(SMS_PROVIDER, when, THREADS[SMS_PROVIDER], message + '~'), append=True)


def provider_put(inv: api.Invocation, fqdn: str) -> None:
    """SMSProv.log of a PutInstance of a site system's SMS_SCI_SysResUse."""
    provider_line(inv, 'Execute WQL  =SELECT * FROM SMS_SCI_SysResUse WHERE NALPath LIKE "%%' + fqdn.upper() + '%%"')
    provider_line(inv, 'PutInstanceAsync SMS_SCI_SysResUse')
    provider_line(inv, 'CExtProviderClassObject::DoPutInstanceInstance')
    provider_line(inv, f"INFO: '{fqdn.upper()}' is a valid FQDN.")


def sitecomp(host, delay: float, messages: list[str]) -> float:
    """Schedule SiteComp.log lines on the site server, one second apart from ``delay`` on."""
    text = ''.join(cmlog.simple(SITECOMP, at(host, delay + i), THREADS[SITECOMP], m) for i, m in enumerate(messages))
    return host.later(delay, LOGS_DIR + '\\SiteComp.log', text)


def schedule_simple(host, fqdn: str, component: str, delay: float, path: str, messages: list[str],
                    key: str | None = None) -> None:
    """Schedule site-server-format lines of ``component`` on server ``fqdn``, one second apart."""
    text = ''.join(cmlog.simple(component, target_time(host, fqdn, delay + i), THREADS[component], m)
                   for i, m in enumerate(messages))
    host.later(delay, path, text, host=None if is_local(host, fqdn) else fqdn.lower(), key=key)


def sup_logs_dir(host, site: dict[str, t.Any], fqdn: str) -> str:
    """The ConfigMgr folder of the SUP server ``fqdn`` (install dir on the site server)."""
    return CM_INSTALL_DIR if is_local(host, fqdn) else f'C:\\SMS_{site["site_code"]}'
