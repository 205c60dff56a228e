"""Bytes a latest-outcome check reads (sup_log_verify mode=latest): `python bench/latest_outcome.py`.

In one process on the lab (tests/unit/labhost.py), through the shipped probe: a site server whose SiteComp.log holds
50 MB and WCM.log 10 MB of history gets a SUP; after its installation, the latest outcome of that SUP, and of a SUP
the logs never mention (no evidence: the whole budget, 1 MiB per log, is read, then the site status, one more round
trip); then of the first SUP again once its lines rolled out of the logs (the budget, then the site's status messages
decide).
"""

from __future__ import annotations

import os
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
os.environ['LAB_TIME_SCALE'] = '0'
sys.path[:0] = [str(ROOT / 'tests' / 'unit'), str(ROOT / 'lab'), str(ROOT / 'build' / 'collections')]

# pylint: disable=wrong-import-position
from labhost import LabHost  # noqa: E402
from labsim import cmlog  # noqa: E402
from labsim.hoststate import Store  # noqa: E402

from ansible_collections.configmgr.sup.plugins.action.sup_log_verify import ActionModule as SupLogVerify  # noqa: E402
from ansible_collections.configmgr.sup.plugins.action.sup_role import ActionModule as SupRole  # noqa: E402
from ansible_collections.configmgr.sup.plugins.action.wsus_install import ActionModule as WsusInstall  # noqa: E402

CM = 'cm01.contoso.com'
CONFIG = {'profile': 'site_server', 'site_code': 'PR1',
          'preexisting_log_bytes': {'SiteComp.log': 50 << 20, 'WCM.log': 10 << 20}}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        state = pathlib.Path(tmp)
        LabHost(state, 'sup01.contoso.com').run(WsusInstall, {'content_dir': 'D:\\WSUS'})
        site = LabHost(state, CM, CONFIG)
        site.run(WsusInstall, {'role': 'console'})
        site.run(SupRole, {'site_system': 'sup01.contoso.com'})
        with Store(state).host(CM, CONFIG) as host:
            host.data['clock'] += 300  # the installation chain and WCM's configuration are in the logs
        print('| SUP | logs | status | source | bytes read | round trips | site status read | seconds |\n'
              '| --- | --- | --- | --- | ---: | ---: | --- | ---: |')
        for sup, logs in (('sup01.contoso.com', 'with its lines'), ('sup09.contoso.com', 'never mention it'),
                          ('sup01.contoso.com', 'rolled away')):
            if logs == 'rolled away':
                with Store(state).host(CM, CONFIG) as host:
                    for name, size in (('SiteComp.log', 50 << 20), ('WCM.log', 10 << 20)):
                        path = host.path(f'C:\\Program Files\\Microsoft Configuration Manager\\Logs\\{name}')
                        path.write_bytes(cmlog.history(name, CM, size))
            start = time.perf_counter()
            result = site.run(SupLogVerify, {'checks': ['sup_install'], 'site_system': sup, 'mode': 'latest',
                                             'timeout': 0, 'wsus_port': 8530, 'wsus_ssl': False})
            check = result['checks']['sup_install']
            read = result.get('site_status')
            print(f'| {sup} | {logs} | {check["status"]} | {check.get("source", "-")} | {result["bytes_read"]} '
                  f'| {result["polls"]} | {"%s messages" % read.get("messages") if read else "no"} '
                  f'| {time.perf_counter() - start:.2f} |')


if __name__ == '__main__':
    main()
