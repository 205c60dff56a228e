"""WSUS Configuration Manager (SMS_WSUS_CONFIGURATION_MANAGER, WCM.log on the site server): each cycle
connects to the SUP's WSUS with the role's ports and SSL and pushes the site's settings to it.

A cycle is scheduled work that looks at the state when it runs (``HostState.call_later``), not text
decided when it was scheduled: the SUP role's props in the site control at that moment, and the WSUS
host as it then is (``Store.peek`` of the SUP's state, the site server's own state for a co-located SUP).

- ``configure``: after the role was added (+60 s, from ``setup_chain``) or its settings changed
  (``Set-CMSoftwareUpdatePoint``, +20 s): configuration state 1 (pending), the WSUS assembly, the
  connection to the SUP's WSUS, the proxy when the role and the site system use one, then state 2
  (success) or 3 (failed).
- ``proxy``: after a site system proxy change or the SUP's proxy flags (+15 s): the proxy pushed to
  WSUS. With fault ``proxy_auth_required`` on the site server and no proxy account, the proxy answers
  407 and the cycle fails; the configuration cycle fails the same way while the proxy does (WCM pushes
  the proxy in every cycle), so no cycle logs WSUS_CONFIG_SUCCESS while the proxy fails. Several
  changes before the cycle give one cycle (the pending work of the same key is replaced).
- After a failed cycle WCM tries again 60 minutes later (a configuration cycle, evaluated then, again
  and again until one succeeds), so a fix that changes nothing in ConfigMgr (the proxy now accepts the
  site server, WSUS switched to what the role says) shows in WCM.log within the hour. The interval is
  WCM's polling interval as the lab models it (unverified; "Waiting for changes for 60 minutes" style
  lines are not written).

What WSUS must serve for the connection to succeed (``connection_failure``), checked in this order:

1. WSUS is installed and configured on the SUP: post-install wrote ``Setup`` (``PortNumber``) and
   "Installed Role Services" ``UpdateServices-Services`` = 2, and IIS has the site that holds the WSUS
   virtual roots. Else nothing listens: "Unable to connect to the remote server".
2. The role's HTTP port (``WSUSIISPort``) is WSUS's ``PortNumber`` and an http binding of that site,
   and the role's HTTPS port (``WSUSIISSSLPort``) an https binding of it (a site without one, such as
   the Default Web Site of a WSUS on port 80: the port that goes with the HTTP one, 443). Else WCM's connection to the
   port it uses finds nothing there: "Unable to connect to the remote server" (for the port it does
   not use, the lab fails the cycle the same way, pessimistically: clients would be sent there).
3. SSL: the role's ``SSLWSUS`` is WSUS's ``UsingSSL`` and the five SSL virtual roots (ApiRemoting30,
   ClientWebService, DSSAuthWebService, ServerSyncWebService, SimpleAuthWebService) require SSL
   exactly when it is on. A role on HTTP in front of a WSUS that requires SSL gets "The request failed
   with HTTP status 403: Forbidden."; a role on SSL whose https binding has no certificate gets "The
   underlying connection was closed: An unexpected error occurred on a send."; a role on SSL in front
   of a WSUS that is not configured for SSL (``UsingSSL`` 0 or the vroots not requiring SSL) fails the
   remote configuration.
4. With SSL, the certificate bound to the https binding names the SUP's FQDN (subject or DNS names)
   and is within its validity: else "The underlying connection was closed: Could not establish trust
   relationship for the SSL/TLS secure channel."

Sources: the requirement that the SUP's ports match the WSUS web site's in IIS is Microsoft's
(Configuration Manager 2007 "Troubleshooting Software Updates Synchronization", General
Troubleshooting Tips: "The port settings configured for the active software update point must be the
same as the port settings configured for the WSUS Web site in Internet Information Services (IIS)",
http://systemscenter.ru/smsv4.en/html/9647358a-d80b-486e-b4fc-e463745d4aba.htm; Microsoft KB 4025764
"How to troubleshoot WSUS connection failures", https://learn.microsoft.com/troubleshoot/mem/configmgr/
update-management/troubleshoot-wsus-connection-failures, for the connection-failure path and the HTTP
status codes); the certificate naming the FQDN is Microsoft's "PKI certificate requirements"
(https://learn.microsoft.com/mem/configmgr/core/plan-design/network/pki-certificate-requirements);
"System.Net.WebException: The request failed with HTTP status 401|403|407|..." as
WCM.log failure lines are those of
https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/software-update-point-installation-and-configuration.
The .NET messages "Unable to connect to the remote
server", "The underlying connection was closed: Could not establish trust relationship for the SSL/TLS
secure channel." and "... An unexpected error occurred on a send." are System.Net.WebException's own
texts. Searched (pages and issues corpora) and NOT found in a public WCM.log capture, so unverified:
that WCM.log writes those exceptions on one line after the "Attempting connection" line, the line
"Remote configuration failed on WSUS Server.", the not-configured-for-SSL wording, and that WCM fails a
cycle for the port it does not connect to. The proxy's WSUSCtrl-side failure wording (not used here) is
in MicrosoftDocs/sccm-docs-powershell-ref issue #33.
"""

from __future__ import annotations

import datetime
import typing as t

from labsim import cmlog
from labsim.configmgr import logs, status
from labsim.profiles import SITE_SYSTEM, SUP_ROLE

SETUP = 'HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup'
ROLES = SETUP + '\\Installed Role Services'
SSL_VROOTS = ('ApiRemoting30', 'ClientWebService', 'DSSAuthWebService', 'ServerSyncWebService', 'SimpleAuthWebService')
ASSEMBLY = 'Found supported assembly Microsoft.UpdateServices.Administration version 4.0.0.0, file version 10.0.20348.1'

UNREACHABLE = 'System.Net.WebException: Unable to connect to the remote server'
FORBIDDEN = 'System.Net.WebException: The request failed with HTTP status 403: Forbidden.'
NO_CERTIFICATE = 'System.Net.WebException: The underlying connection was closed: An unexpected error occurred on a send.'
UNTRUSTED = ('System.Net.WebException: The underlying connection was closed: Could not establish trust relationship '
             'for the SSL/TLS secure channel.')
PROXY_407 = ('Failed to set proxy settings on WSUS Server: System.Net.WebException: The request failed with '
             'HTTP status 407: Proxy Authentication Required.')
REMOTE_FAILED = 'Remote configuration failed on WSUS Server.'
PENDING = 'Setting new configuration state to 1 (WSUS_CONFIG_PENDING)'
SUCCESS = 'Setting new configuration state to 2 (WSUS_CONFIG_SUCCESS)'
FAILED = 'Setting new configuration state to 3 (WSUS_CONFIG_FAILED)'
#: WCM's cycle: after a failure it tries again this much later (its polling interval, 60 minutes: unverified)
RETRY_SECONDS = 3600


# ---- scheduling -------------------------------------------------------------------------------------

def configure(host, fqdn: str, delay: float) -> None:
    """A configuration cycle for the SUP ``fqdn`` ``delay`` seconds from now on the site server."""
    host.call_later(delay, 'labsim.configmgr.wcm:configure_cycle', {'fqdn': fqdn})


def proxy(host, fqdn: str, system: dict[str, t.Any] | None = None) -> None:  # noqa: ARG001 (read when it runs)
    """The proxy cycle for the SUP ``fqdn`` 15 s from now; a later change replaces a pending one."""
    host.call_later(15, 'labsim.configmgr.wcm:proxy_cycle', {'fqdn': fqdn}, key=f'wcm-proxy:{fqdn.lower()}')


# ---- the cycles, when they run ------------------------------------------------------------------------

def _system(host, fqdn: str) -> dict[str, t.Any] | None:
    site = host.data.get('configmgr') or {}
    for name, system in (site.get('site_systems') or {}).items():
        if name.lower() == fqdn.lower() and SUP_ROLE in system['roles']:
            return system
    return None  # the role was removed before the cycle ran: WCM has nothing to configure there


def configure_cycle(host, fqdn: str) -> None:
    system = _system(host, fqdn)
    if system is None:
        return
    messages = [PENDING, 'Checking runtime v4.0.30319...', ASSEMBLY]
    connected, lines = _connect(host, fqdn, system['roles'][SUP_ROLE])
    messages += lines
    if connected:
        if _proxy_in_use(system):
            messages.append(_proxy_line(system))
        if _proxy_refused(host, system):
            messages += [PROXY_407, FAILED]
        else:
            messages += [f'Set Configurations to WSUS Server: {fqdn.upper()}', SUCCESS]
    _write(host, messages)
    _next(host, fqdn, messages)


def proxy_cycle(host, fqdn: str) -> None:
    system = _system(host, fqdn)
    if system is None:
        return
    connected, lines = _connect(host, fqdn, system['roles'][SUP_ROLE], local_wording=False)
    messages = [PENDING] + lines
    if connected:
        messages.append(_proxy_line(system) if _proxy_in_use(system) else 'Proxy settings for WSUS: UseProxy=False')
        if _proxy_refused(host, system):
            messages += [PROXY_407, FAILED]
        else:
            messages += [f'Set Configurations to WSUS Server: {fqdn.upper()}', SUCCESS]
    _write(host, messages)
    _next(host, fqdn, messages)


def _next(host, fqdn: str, messages: list[str]) -> None:
    """After a failed cycle WCM tries again on its next cycle, 60 minutes on (a configuration cycle,
    evaluated then); a successful cycle ends the retries."""
    key = f'wcm-retry:{fqdn.lower()}'
    if messages[-1] == FAILED:
        host.call_later(RETRY_SECONDS, 'labsim.configmgr.wcm:configure_cycle', {'fqdn': fqdn}, key=key)
    else:
        host.store.cancel(host.name, key)


def _write(host, messages: list[str]) -> None:
    """WCM.log lines from now (the cycle's due time), one second apart; the cycle's outcome is also a status
    message of the site server (``status``: WCM runs there), raised with its last line."""
    start = logs.at(host, 0)
    text = ''.join(cmlog.simple(logs.WCM, start + datetime.timedelta(seconds=i), logs.THREADS[logs.WCM], m)
                   for i, m in enumerate(messages))
    host.write_text(logs.LOGS_DIR + '\\WCM.log', text, append=True)
    with host.at_time(host.now() + len(messages) - 1):
        status.raise_now(host, logs.WCM, host.name, status.WCM_FAILED if messages[-1] == FAILED else status.WCM_CONFIGURED)


def _proxy_in_use(system: dict[str, t.Any]) -> bool:
    return bool(system['roles'][SUP_ROLE].get('UseProxy') and system['roles'][SITE_SYSTEM].get('UseProxy'))


def _proxy_line(system: dict[str, t.Any]) -> str:
    server = system['roles'][SITE_SYSTEM]
    return (f'Proxy settings for WSUS: UseProxy=True, ProxyName={server["ProxyName"]}, '
            f'ProxyServerPort={server["ProxyServerPort"]}, '
            f'UseProxyCredentials={not server.get("AnonymousProxyAccess", 1)}')


def _proxy_refused(host, system: dict[str, t.Any]) -> bool:
    """Fault ``proxy_auth_required`` (site server): the proxy answers 407 to a proxy without an account."""
    return bool(_proxy_in_use(system) and host.fault('proxy_auth_required')
                and system['roles'][SITE_SYSTEM].get('AnonymousProxyAccess', 1))


# ---- the connection ---------------------------------------------------------------------------------

def _connect(host, fqdn: str, props: dict[str, t.Any], local_wording: bool = True) -> tuple[bool, list[str]]:
    """The "Attempting connection" line and what followed: connected, or the failure lines."""
    ssl = bool(props.get('SSLWSUS'))
    port = props['WSUSIISSSLPort'] if ssl else props['WSUSIISPort']
    attempt = f'Attempting connection to WSUS server: {fqdn.upper()}, port: {port}, useSSL: {ssl}'
    failure = connection_failure(wsus_state(host, fqdn), fqdn, props)
    if failure is not None:
        return False, [attempt, failure, REMOTE_FAILED, FAILED]
    connected = 'Successfully connected to local WSUS server' if local_wording and logs.is_local(host, fqdn) else \
        f'Successfully connected to server: {fqdn.upper()}, port: {port}, useSSL: {ssl}'
    return True, [attempt, connected]


def wsus_state(host, fqdn: str) -> dict[str, t.Any]:
    """The WSUS host's state as WCM finds it: this host's for a co-located SUP, else the SUP's as last
    saved (read without its lock; {} for a host the lab never touched: a fresh server without WSUS)."""
    if logs.is_local(host, fqdn):
        return host.data
    return host.store.peek(fqdn.lower()) or {}


def _key(data: dict[str, t.Any], path: str) -> dict[str, t.Any]:
    for name, values in (data.get('registry') or {}).items():
        if name.lower() == path.lower():
            return values
    return {}


def _wsus_site(data: dict[str, t.Any]) -> dict[str, t.Any] | None:
    """The IIS site that holds the WSUS virtual roots."""
    for site in ((data.get('iis') or {}).get('sites') or {}).values():
        if any(name.lower() == 'apiremoting30' for name in site.get('vroots') or {}):
            return site
    return None


def _requires_ssl(site: dict[str, t.Any], vroot: str) -> bool:
    """The vroot's effective sslFlags (its own, else the site's) include Ssl."""
    own = next((v for name, v in site['vroots'].items() if name.lower() == vroot.lower()), {})
    flags = own.get('sslFlags', site.get('sslFlags', 'None'))
    return 'ssl' in [part.strip().lower() for part in str(flags).split(',')]


def _names(certificate: dict[str, t.Any]) -> set[str]:
    names = {str(name).lower() for name in certificate.get('dns_names') or []}
    subject = str(certificate.get('subject') or '')
    names |= {part.strip()[3:].lower() for part in subject.split(',') if part.strip().upper().startswith('CN=')}
    return names


def _certificate_trusted(data: dict[str, t.Any], thumbprint: str, fqdn: str, now: datetime.datetime) -> bool:
    certificate = next((c for c in data.get('certificates') or []
                        if str(c.get('thumbprint', '')).upper() == thumbprint.upper()), None)
    if certificate is None:
        return False
    valid = datetime.datetime.fromisoformat(certificate['not_before']) <= now <= \
        datetime.datetime.fromisoformat(certificate['not_after'])
    return valid and fqdn.lower() in _names(certificate)


def expected_https_ports(setup: dict[str, t.Any], https: dict[int, t.Any]) -> set[int]:
    """The HTTPS port of this WSUS: its site's https bindings, or without one the port that goes with
    its HTTP port (8531 for 8530, 443 for 80:
    https://learn.microsoft.com/mem/configmgr/core/plan-design/hierarchy/ports)."""
    if https:
        return set(https)
    port = int(setup['PortNumber'])
    return {443 if port == 80 else port + 1}


def connection_failure(data: dict[str, t.Any], fqdn: str, props: dict[str, t.Any],
                       now: datetime.datetime | None = None) -> str | None:
    """The WCM.log line of a failed connection to the WSUS whose host state is ``data``, or None when
    WSUS serves what the role says (ports, SSL, certificate): the rules in the module docstring."""
    from labsim.context import LAB_EPOCH  # noqa: PLC0415
    now = now or LAB_EPOCH + datetime.timedelta(seconds=data.get('clock', 0))
    setup = _key(data, SETUP)
    site = _wsus_site(data)
    if 'PortNumber' not in setup or _key(data, ROLES).get('UpdateServices-Services') != 2 or site is None:
        return UNREACHABLE
    ssl = bool(props.get('SSLWSUS'))
    bindings = site.get('bindings') or []
    http = {int(b['port']) for b in bindings if b.get('protocol') == 'http'}
    https = {int(b['port']): b for b in bindings if b.get('protocol') == 'https'}
    http_port, https_port = int(props['WSUSIISPort']), int(props['WSUSIISSSLPort'])
    if (https_port if ssl else http_port) not in (https if ssl else http):
        return UNREACHABLE
    if http_port != int(setup['PortNumber']) or http_port not in http or https_port not in expected_https_ports(setup, https):
        return UNREACHABLE
    wsus_ssl = bool(setup.get('UsingSSL')) or any(_requires_ssl(site, vroot) for vroot in SSL_VROOTS)
    if not ssl:
        return FORBIDDEN if wsus_ssl else None
    binding = https[https_port]
    if not binding.get('thumbprint'):
        return NO_CERTIFICATE
    if not _certificate_trusted(data, binding['thumbprint'], fqdn, now):
        return UNTRUSTED
    if not (setup.get('UsingSSL') and all(_requires_ssl(site, vroot) for vroot in SSL_VROOTS)):
        return f'WSUS Server {fqdn.upper()} is not configured to use SSL (UsingSSL, Require SSL on its web services).'
    return None
