"""WSUS Configuration Manager (SMS_WSUS_CONFIGURATION_MANAGER, WCM.log on the site server) applying a
software update point's settings to its WSUS server.

- ``configure``: after the role was added or its settings changed: configuration state 1 (pending),
  connected to WSUS, state 2 (WSUS_CONFIG_SUCCESS). Seed 004 and Microsoft "Software update point SSL"
  (learn.microsoft.com/mem/configmgr/sum/get-started/software-update-point-ssl) show these lines.
- ``proxy``: WCM's next cycle after a proxy change pushes the site system's proxy to WSUS; with the
  site server's fault ``proxy_auth_required`` a proxy without an account answers HTTP 407 and WCM
  reports state 3 (WSUS_CONFIG_FAILED). One cycle reports the state it finds (``key``): several
  changes in one script give one set of lines, as before the cmdlet models.
Text and delays are the earlier lab's, which tests/e2e and _log_checks.py rely on.
"""

from __future__ import annotations

import typing as t

from labsim.configmgr import logs
from labsim.profiles import SITE_SYSTEM, SUP_ROLE


def configure(host, fqdn: str, props: dict[str, t.Any], delay: float) -> None:
    ssl = bool(props.get('SSLWSUS'))
    port = props['WSUSIISSSLPort'] if ssl else props['WSUSIISPort']
    connected = 'Successfully connected to local WSUS server' if logs.is_local(host, fqdn) else \
        f'Successfully connected to server: {fqdn.upper()}, port: {port}, useSSL: {ssl}'
    messages = ['Setting new configuration state to 1 (WSUS_CONFIG_PENDING)',
                'Checking runtime v4.0.30319...',
                'Found supported assembly Microsoft.UpdateServices.Administration version 4.0.0.0, file version 10.0.20348.1',
                f'Attempting connection to WSUS server: {fqdn.upper()}, port: {port}, useSSL: {ssl}',
                connected,
                f'Set Configurations to WSUS Server: {fqdn.upper()}',
                'Setting new configuration state to 2 (WSUS_CONFIG_SUCCESS)']
    logs.schedule_simple(host, host.name, logs.WCM, delay, logs.LOGS_DIR + '\\WCM.log', messages)


def proxy(host, fqdn: str, system: dict[str, t.Any]) -> None:
    server = system['roles'][SITE_SYSTEM]
    sup = system['roles'][SUP_ROLE]
    use = bool(sup.get('UseProxy') and server.get('UseProxy'))
    messages = ['Setting new configuration state to 1 (WSUS_CONFIG_PENDING)',
                f'Attempting connection to WSUS server: {fqdn.upper()}, port: {sup["WSUSIISPort"]}, useSSL: False',
                f'Successfully connected to server: {fqdn.upper()}, port: {sup["WSUSIISPort"]}, useSSL: False']
    if use:
        messages.append(f'Proxy settings for WSUS: UseProxy=True, ProxyName={server["ProxyName"]}, '
                        f'ProxyServerPort={server["ProxyServerPort"]}, '
                        f'UseProxyCredentials={not server.get("AnonymousProxyAccess", 1)}')
    else:
        messages.append('Proxy settings for WSUS: UseProxy=False')
    if use and host.fault('proxy_auth_required') and server.get('AnonymousProxyAccess', 1):
        messages += ['Failed to set proxy settings on WSUS Server: System.Net.WebException: The request failed with '
                     'HTTP status 407: Proxy Authentication Required.',
                     'Setting new configuration state to 3 (WSUS_CONFIG_FAILED)']
    else:
        messages += [f'Set Configurations to WSUS Server: {fqdn.upper()}',
                     'Setting new configuration state to 2 (WSUS_CONFIG_SUCCESS)']
    logs.schedule_simple(host, host.name, logs.WCM, 15, logs.LOGS_DIR + '\\WCM.log', messages,
                         key=f'wcm-proxy:{fqdn.lower()}')
