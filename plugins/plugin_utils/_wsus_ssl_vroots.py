# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Decisions of configmgr.sup.wsus_ssl_vroots: the certificate, the binding, the five roots, WsusUtil.

PRIVATE to configmgr.sup. Facts behind the rules ("Configure a software update point to use TLS/SSL
with a PKI certificate", https://learn.microsoft.com/mem/configmgr/sum/get-started/software-update-point-ssl;
Windows IT Pro blog "Security best practices for WSUS",
https://techcommunity.microsoft.com/blog/windows-itpro-blog/security-best-practices-for-windows-server-update-services-wsus/1587536):
- the https binding of the WSUS site (8531 on "WSUS Administration", 443 on the Default Web Site)
  carries a server-authentication certificate whose subject or SAN holds the server's FQDN;
- "Require SSL" (client certificates: ignore) is set on exactly five virtual roots; never on the
  site or on Content, which clients download over HTTP;
- ``WsusUtil.exe configuressl <FQDN>`` then sets UsingSSL and ServerCertificateName.
"""

from __future__ import annotations

import datetime
import typing as t

from ansible_collections.configmgr.sup.plugins.module_utils._wsus_ssl_vroots_spec import WSUS_SSL_VROOTS_SPEC
from ansible_collections.configmgr.sup.plugins.plugin_utils import _validators as validate
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import (
    HostFailure,
    InvalidInput,
    Plan,
    PowerShellStateAction,
    Step,
)

SSL_VROOTS = ['ApiRemoting30', 'ClientWebService', 'DSSAuthWebService', 'ServerSyncWebService', 'SimpleAuthWebService']
CONTENT = 'Content'
WSUS_SITE, DEFAULT_SITE = 'WSUS Administration', 'Default Web Site'
SITE_FOR_PORT = {8530: WSUS_SITE, 80: DEFAULT_SITE}
HTTPS_FOR_PORT = {8530: 8531, 80: 443}
SERVER_AUTH_OID = '1.3.6.1.5.5.7.3.1'
#: sslFlags tokens in IIS's own order; client-certificate tokens are dropped ("ignore").
FLAG_ORDER = ['Ssl', 'SslNegotiateCert', 'SslRequireCert', 'SslMapCert', 'Ssl128']
CLIENT_CERT_FLAGS = {'SslNegotiateCert', 'SslRequireCert', 'SslMapCert'}
EXPIRY_WARNING = datetime.timedelta(days=30)


def flag_tokens(value: str | None) -> set[str]:
    """sslFlags as a set: tolerant of ``Ssl,Ssl128``, spaces, case and ``None``."""
    known = {token.lower(): token for token in FLAG_ORDER}
    tokens = {part.strip() for part in (value or '').split(',') if part.strip()}
    return {known.get(token.lower(), token) for token in tokens if token.lower() != 'none'}


def render_flags(tokens: set[str]) -> str:
    ordered = [token for token in FLAG_ORDER if token in tokens] + sorted(tokens - set(FLAG_ORDER))
    return ','.join(ordered) or 'None'


def requires_ssl(value: str | None) -> bool:
    return 'Ssl' in flag_tokens(value)


def wanted_flags(current: str | None, present: bool) -> str:
    """present: Ssl on, client certificates ignored, Ssl128 kept; absent: the SSL requirement removed."""
    tokens = flag_tokens(current)
    if present:
        return render_flags((tokens - CLIENT_CERT_FLAGS) | {'Ssl'})
    return render_flags(tokens - {'Ssl', 'Ssl128'})


def postinstall_complete(role_services: dict[str, t.Any]) -> bool:
    """WSUS post-install ran to the end: every role service under Installed Role Services is 2."""
    return role_services.get('UpdateServices-Services') == 2 and all(v == 2 for v in role_services.values())


def parse_utc(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value.rstrip('Z'))


def _lookup(mapping: dict[str, t.Any], name: str) -> tuple[str, t.Any] | None:
    """IIS names are case-insensitive: find ``name`` in a dict as the host spells it."""
    for key, value in mapping.items():
        if key.lower() == name.lower():
            return key, value
    return None


def certificate_names(cert: dict[str, t.Any], fqdn: str) -> bool:
    """The certificate's SAN DNS names (or, without them, its subject CN) cover ``fqdn``; ``*.`` wildcards
    cover one label."""
    names = [n.lower() for n in cert.get('dns_names') or []]
    if not names:
        names = [part[3:] for part in (cert.get('subject') or '').lower().split(', ') if part.startswith('cn=')]
    host = fqdn.lower()
    parent = host.split('.', 1)[1] if '.' in host else ''
    return any(name == host or (name.startswith('*.') and name[2:] == parent) for name in names)


def certificate_problems(cert: dict[str, t.Any], fqdn: str, now: datetime.datetime) -> list[str]:
    """Why this certificate cannot be the WSUS server certificate for ``fqdn`` (empty: it can)."""
    problems = []
    if not certificate_names(cert, fqdn):
        problems.append(f'its subject and SAN do not hold {fqdn}')
    if parse_utc(cert['not_after']) < now:
        problems.append(f'it expired on {cert["not_after"]}')
    elif parse_utc(cert['not_before']) > now:
        problems.append(f'it is not valid before {cert["not_before"]}')
    eku = cert.get('eku') or []
    if eku and SERVER_AUTH_OID not in eku and 'Server Authentication' not in eku:
        problems.append('it is not for Server Authentication (enhanced key usage)')
    if not cert.get('has_private_key'):
        problems.append('its private key is not on this host')
    return problems


class WsusSslVrootsAction(PowerShellStateAction):
    """Make WSUS require SSL the way Configuration Manager expects, or revert it to HTTP."""

    MODULE = 'wsus_ssl_vroots'
    SPEC = WSUS_SSL_VROOTS_SPEC

    def check_input(self, params):
        if params.get('fqdn') is not None:
            params['fqdn'] = validate.fqdn('fqdn', params['fqdn']).rstrip('.').lower()
        if params.get('certificate_thumbprint') is not None:
            if params['state'] == 'absent':
                raise InvalidInput('certificate_thumbprint', 'is only used with state=present; state=absent '
                                                             'keeps the binding and its certificate')
            params['certificate_thumbprint'] = validate.thumbprint('certificate_thumbprint',
                                                                   params['certificate_thumbprint'])
        port = (params.get('wsus_install_result') or {}).get('http_port')
        if port is not None and port not in SITE_FOR_PORT:
            raise InvalidInput('wsus_install_result', f'http_port is {port!r}; a configmgr.sup.wsus_install result has '
                                                      '8530, 80 or null (pass the registered result of that task)')
        if params.get('site_name') is not None and not params['site_name'].strip():
            raise InvalidInput('site_name', 'must not be empty')

    def probe_parameters(self, params):
        sites = [params['site_name']] if params.get('site_name') else [WSUS_SITE, DEFAULT_SITE]
        return {'SiteName': sites, 'VrootName': SSL_VROOTS + [CONTENT]}

    # ---- planning ---------------------------------------------------------------------------
    def plan(self, params, probe):
        present = params['state'] == 'present'
        setup = probe.get('setup') or {}
        fqdn = params.get('fqdn') or probe.get('host_fqdn')
        host_port = int(setup.get('PortNumber') or 8530)
        # Check mode only: the port an earlier wsus_install of this play would leave (a real run reads the host).
        planned_port = self._planned_port(params) if self._task.check_mode else None
        if not postinstall_complete(probe.get('role_services') or {}):
            if not present:
                return self._unknown_plan(params, fqdn)  # no WSUS site: nothing requires SSL
            message = ('WSUS post-install has not completed on this host, so there is no WSUS web site to secure '
                       'yet; run configmgr.sup.wsus_install first')
            if planned_port is None:
                if not self._task.check_mode:
                    raise HostFailure(message)
                # The plan for the site post-install will create, with the certificate checked now.
                site_name, site = self._site_after_wsus_install(params, probe, host_port)
                return self.prerequisite_missing(message, self._plan_site(params, probe, fqdn, host_port,
                                                                          site_name, site))
            site_name, site = self._site_after_wsus_install(params, probe, planned_port)
            return self._plan_site(params, probe, fqdn, planned_port, site_name, site)
        if planned_port is not None and planned_port != host_port:
            # wsus_install moves WSUS to the other site (usecustomwebsite): plan the binding where it will be.
            site_name, site = self._site_after_wsus_install(params, probe, planned_port)
            return self._plan_site(params, probe, fqdn, planned_port, site_name, site)
        site_name = params.get('site_name') or SITE_FOR_PORT.get(host_port, WSUS_SITE)
        found = _lookup(probe.get('sites') or {}, site_name)
        if not found or not found[1].get('exists'):
            raise HostFailure(f'IIS has no site {site_name!r} on this host (WSUS uses port {host_port})')
        return self._plan_site(params, probe, fqdn, host_port, found[0], found[1])

    def _plan_site(self, params, probe, fqdn, port, site_name, site) -> Plan:
        """The plan for ``site`` (as the probe read it, or as wsus_install will leave it) with WSUS on ``port``."""
        present = params['state'] == 'present'
        setup = probe.get('setup') or {}
        https_port = HTTPS_FOR_PORT.get(port, 8531)
        vroots = self._vroots(site_name, site)
        binding = next((b for b in site.get('https') or [] if b.get('port') == https_port), None)
        current_thumb = ((binding or {}).get('thumbprint') or '').upper() or None
        before = {
            'site': site_name,
            'binding': {'port': https_port, 'thumbprint': current_thumb} if binding else None,
            'vroots': dict(vroots),
            'using_ssl': bool(int(setup.get('UsingSSL') or 0)),
            'server_certificate_name': setup.get('ServerCertificateName') or None,
        }
        after = dict(before, vroots=dict(before['vroots']))
        apply: dict[str, t.Any] = {}
        warnings = self._content_warning(site.get('vroots') or {})
        certificate = None
        if present:
            certificate = self._certificate(params, probe, fqdn, current_thumb, warnings)
            if certificate['thumbprint'] != current_thumb:
                apply['Thumbprint'] = certificate['thumbprint']
                after['binding'] = {'port': https_port, 'thumbprint': certificate['thumbprint']}
        changes = {}
        for name, value in vroots.items():
            target = wanted_flags(value, present)
            if flag_tokens(target) != flag_tokens(value):
                changes[name] = target
                after['vroots'][name] = target
        if changes:
            apply['SslFlags'] = changes
        if present and (not before['using_ssl'] or (before['server_certificate_name'] or '').lower() != fqdn):
            apply['ConfigureSslFqdn'] = fqdn
            after.update(using_ssl=True, server_certificate_name=fqdn)
        if not present and before['using_ssl']:
            apply['DisableSsl'] = True
            after['using_ssl'] = False
        expected = {}
        if apply:
            apply = dict(apply, SiteName=site_name, HttpsPort=https_port)
            expected = self._expected(apply, setup, binding, site)
        plan = Plan(before=before, after=after, apply=apply or None, warnings=warnings, expected=expected)
        plan.facts = self._facts(plan, fqdn, port, https_port, certificate)
        return plan

    @staticmethod
    def _planned_port(params) -> int | None:
        """The HTTP port WSUS will serve once the earlier wsus_install of this play has run, when that task
        (its registered result, ``wsus_install_result``) would complete post-install or move WSUS; else None."""
        result = params.get('wsus_install_result') or {}
        if result.get('failed') or result.get('skipped') or not result.get('changed'):
            return None
        if result.get('postinstall_state') != 'complete' or result.get('http_port') is None:
            return None
        return int(result['http_port'])

    @staticmethod
    def _site_after_wsus_install(params, probe, port: int) -> tuple[str, dict[str, t.Any]]:
        """The WSUS site as WsusUtil will leave it for ``port`` (check mode, before wsus_install ran).

        Post-install and ``usecustomwebsite true`` put the WSUS roots on "WSUS Administration", which they create
        with its http 8530 and https 8531 bindings when it does not exist; port 80 puts them on the Default Web
        Site, whose https binding is what it is now. Roots that exist already move with their sslFlags (the lab's
        model of usecustomwebsite; unverified on Windows), new ones have none.
        """
        sites = probe.get('sites') or {}
        site_name = params.get('site_name') or SITE_FOR_PORT.get(port, WSUS_SITE)
        found = _lookup(sites, site_name)
        if found and found[1].get('exists'):
            site_name, https = found[0], list(found[1].get('https') or [])
        elif site_name.lower() == WSUS_SITE.lower():
            https = [{'port': HTTPS_FOR_PORT[8530], 'thumbprint': ''}]
        else:
            raise HostFailure(f'IIS has no site {site_name!r} on this host (WSUS will use port {port})')
        vroots = {}
        for name in SSL_VROOTS + [CONTENT]:
            hits = [_lookup(site.get('vroots') or {}, name) for site in sites.values() if site.get('exists')]
            flags = next((hit[1] for hit in hits if hit is not None), None)
            vroots[name] = flags or 'None'
        return site_name, {'exists': True, 'https': https, 'vroots': vroots}

    @staticmethod
    def _expected(apply, setup, binding, site) -> dict[str, t.Any]:
        """Compare-and-set (engine ``Plan.expected``): the raw values the probe read for what the apply changes,
        and the port the site and the https port were derived from."""
        expected: dict[str, t.Any] = {'setup/PortNumber': setup.get('PortNumber')}
        if 'Thumbprint' in apply:
            expected['binding/thumbprint'] = (binding or {}).get('thumbprint')
        for name in apply.get('SslFlags') or {}:
            expected[f'vroots/{name}'] = (site.get('vroots') or {}).get(name)
        if 'ConfigureSslFqdn' in apply:
            expected.update({'setup/UsingSSL': setup.get('UsingSSL'),
                             'setup/ServerCertificateName': setup.get('ServerCertificateName')})
        if 'DisableSsl' in apply:
            expected['setup/UsingSSL'] = setup.get('UsingSSL')
        return expected

    @staticmethod
    def _vroots(site_name: str, site: dict[str, t.Any]) -> dict[str, str]:
        """The five roots' sslFlags, named as the host spells them; all five must exist."""
        found = {}
        missing = []
        for name in SSL_VROOTS:
            hit = _lookup(site.get('vroots') or {}, name)
            if hit is None:
                missing.append(name)
            else:
                found[hit[0]] = hit[1] or 'None'
        if missing:
            raise HostFailure(f'the WSUS virtual roots {", ".join(missing)} are missing from site {site_name!r}; '
                              'WSUS post-install creates them (is WSUS on another site? set site_name)')
        return found

    @staticmethod
    def _content_warning(vroots: dict[str, t.Any]) -> list[str]:
        content = _lookup(vroots, CONTENT)
        if content and requires_ssl(content[1]):
            return [f'the {content[0]} virtual root requires SSL ({content[1]}); clients download update files over '
                    'HTTP and will fail. This module never sets it; clear it in IIS (it was probably set on the '
                    'whole site)']
        return []

    @staticmethod
    def _certificate(params, probe, fqdn, current_thumb, warnings) -> dict[str, t.Any]:
        """The certificate to bind: the one asked for, else the bound one if still good, else the newest."""
        now = parse_utc(probe['now'])  # the host's clock decides whether a certificate is valid there
        certificates = probe.get('certificates') or []
        wanted = params.get('certificate_thumbprint')
        if wanted:
            cert = next((c for c in certificates if (c.get('thumbprint') or '').upper() == wanted), None)
            if cert is None:
                raise InvalidInput('certificate_thumbprint', f'no certificate with thumbprint {wanted} in '
                                                             'Cert:\\LocalMachine\\My on this host')
            problems = certificate_problems(cert, fqdn, now)
            if problems:
                raise InvalidInput('certificate_thumbprint', f'certificate {wanted} cannot secure WSUS on {fqdn}: '
                                                             + '; '.join(problems))
        else:
            usable = [c for c in certificates if not certificate_problems(c, fqdn, now)]
            if not usable:
                rejected = [f'{c["thumbprint"]} ({"; ".join(certificate_problems(c, fqdn, now))})'
                            for c in certificates if certificate_names(c, fqdn)]
                raise InvalidInput('fqdn', f'Cert:\\LocalMachine\\My on this host has no valid server-authentication '
                                           f'certificate for {fqdn}' + (': ' + ', '.join(rejected) if rejected else
                                                                        ' (enroll one, or set certificate_thumbprint)'))
            bound = [c for c in usable if c['thumbprint'].upper() == current_thumb]
            cert = bound[0] if bound else max(usable, key=lambda c: c['not_after'])
        if parse_utc(cert['not_after']) - now < EXPIRY_WARNING:
            warnings.append(f'certificate {cert["thumbprint"]} for {fqdn} expires on {cert["not_after"]} (UTC); '
                            'renew it before clients and the site server stop trusting WSUS')
        return {'thumbprint': cert['thumbprint'].upper(), 'subject': cert.get('subject'),
                'dns_names': cert.get('dns_names') or [], 'not_after': cert['not_after']}

    def _unknown_plan(self, params, fqdn) -> Plan:
        """state=absent where WSUS is not configured: there is no site, so nothing requires SSL."""
        state = {'site': params.get('site_name') or WSUS_SITE, 'binding': None,
                 'vroots': {name: 'None' for name in SSL_VROOTS}, 'using_ssl': False, 'server_certificate_name': None}
        plan = Plan(before=state, after=dict(state))
        plan.facts = self._facts(plan, fqdn, 8530, 8531, None)
        return plan

    @staticmethod
    def _facts(plan: Plan, fqdn: str, port: int, https_port: int, certificate) -> dict[str, t.Any]:
        after = plan.after if plan.changed else plan.before
        if after['using_ssl']:
            url = f'https://{fqdn}' + ('' if https_port == 443 else f':{https_port}')
        else:
            url = f'http://{fqdn}' + ('' if port == 80 else f':{port}')
        return {
            'vroots': {name: {'before': plan.before['vroots'].get(name), 'after': value}
                       for name, value in after['vroots'].items()},
            'binding': after['binding'],
            'certificate': certificate,
            'wsus_url': url,
        }

    # ---- after the apply script ----------------------------------------------------------------
    def finish(self, params, plan: Plan, applied: Step):
        output = applied.output if isinstance(applied.output, dict) else {}
        run = output.get('configure_ssl')
        if (plan.apply or {}).get('ConfigureSslFqdn') and (not run or run.get('exit_code') != 0):
            lines = (run or {}).get('output') or []
            raise HostFailure(f'WsusUtil.exe configuressl {plan.apply["ConfigureSslFqdn"]} failed with exit code '
                              f'{(run or {}).get("exit_code")}: ' + ' | '.join(lines), configuressl_output=lines)
        return {'configuressl_output': (run or {}).get('output')} if run else {}
