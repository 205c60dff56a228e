"""A WSUS host as the collection leaves it (post-install done, optionally SSL), written straight into the
lab state so that the ConfigMgr models' tests have a SUP whose WSUS serves what its role says: the
lab's WCM connects only to a WSUS that serves the role's ports and SSL (labsim.configmgr.wcm)."""

from __future__ import annotations

import typing as t

from labsim.profiles import _thumbprint
from labsim.windows import wsus

SSL_VROOTS = ('ApiRemoting30', 'ClientWebService', 'DSSAuthWebService', 'ServerSyncWebService', 'SimpleAuthWebService')


def serve_wsus(store, name: str, config: dict[str, t.Any] | None = None, port: int = 8530, ssl: bool = False,
               certificate: str = 'server') -> None:
    """WSUS (WID, API) post-installed on ``name`` on ``port``; with ``ssl`` its https binding carries the host's
    ``certificate`` (``server``: valid for its FQDN, ``expired``, or ``none``) and the five vroots require SSL."""
    with store.host(name, dict(config or {})) as host:
        for feature in ('UpdateServices', 'UpdateServices-Services', 'UpdateServices-WidDB', 'UpdateServices-API',
                        'UpdateServices-RSAT'):
            if feature in host.data['features']:
                host.data['features'][feature] = 'Installed'
        for value in ('UpdateServices-Services', 'UpdateServices-WidDatabase', 'UpdateServices-API'):
            host.reg_set(wsus.ROLES, value, 2)
        for value, data in (('ContentDir', 'D:\\WSUS'), ('PortNumber', port), ('UsingSSL', 0),
                            ('IISTargetWebSiteIndex', 2 if port == 8530 else 1)):
            host.reg_set(wsus.SETUP, value, data)
        wsus.create_site(host, port)
        if ssl:
            site = host.data['iis']['sites'][wsus.WSUS_SITE if port == 8530 else 'Default Web Site']
            https = next((b for b in site['bindings'] if b['protocol'] == 'https'), None)
            if https is None:
                https = {'protocol': 'https', 'port': 443}
                site['bindings'].append(https)
            if certificate != 'none':
                https.update(thumbprint=_thumbprint(name, certificate), store='My')
            for vroot in SSL_VROOTS:
                site['vroots'][next(v for v in site['vroots'] if v.lower() == vroot.lower())]['sslFlags'] = 'Ssl'
            host.reg_set(wsus.SETUP, 'UsingSSL', 1)
            host.reg_set(wsus.SETUP, 'ServerCertificateName', name)
