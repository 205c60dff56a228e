"""A whole lab install through the stand-in, every win_powershell call recorded.

WSUS with SSL and the connection account on the SUP host; the console, the SUP role, proxy and
account on the site server. Tests that replay what an install sent (probe depth, read-only probes)
start from here, so they replay the same calls.
"""

from __future__ import annotations

import copy
import typing as t

import pytest
from labhost import LabHost
from labsim import standin

import labhost
from ansible_collections.configmgr.sup.plugins.action.sup_component import ActionModule as SupComponent
from ansible_collections.configmgr.sup.plugins.action.sup_info import ActionModule as SupInfo
from ansible_collections.configmgr.sup.plugins.action.sup_log_verify import ActionModule as SupLogVerify
from ansible_collections.configmgr.sup.plugins.action.sup_proxy import ActionModule as SupProxy
from ansible_collections.configmgr.sup.plugins.action.sup_role import ActionModule as SupRole
from ansible_collections.configmgr.sup.plugins.action.sup_sync import ActionModule as SupSync
from ansible_collections.configmgr.sup.plugins.action.wsus_connection_account import ActionModule as Account
from ansible_collections.configmgr.sup.plugins.action.wsus_install import ActionModule as WsusInstall
from ansible_collections.configmgr.sup.plugins.action.wsus_ssl_vroots import ActionModule as WsusSsl

CM, SUP = 'cm01.contoso.com', 'sup01.contoso.com'
SITE = {'profile': 'site_server', 'site_code': 'PR1'}
ACCOUNT = 'CONTOSO\\svc-sup-wsus'

Call = tuple[LabHost, dict[str, t.Any]]


def install_steps(sup: LabHost, site: LabHost) -> list[tuple[LabHost, type, dict[str, t.Any]]]:
    """The modules of an install, in playbook order (host, action plugin, arguments)."""
    return [
        (sup, WsusInstall, {'content_dir': 'D:\\WSUS'}),
        (sup, WsusSsl, {'fqdn': SUP}),
        (sup, Account, {'scope': 'wsus_host', 'username': ACCOUNT}),
        (site, WsusInstall, {'role': 'console'}),
        (site, SupRole, {'site_system': SUP, 'ssl': True}),
        (site, SupProxy, {'site_system': SUP, 'proxy_server': 'proxy01.contoso.com', 'proxy_port': 8080,
                          'proxy_username': 'CONTOSO\\svc-cm-proxy', 'proxy_password': 'lab-only'}),
        (site, Account, {'scope': 'configmgr', 'username': ACCOUNT, 'site_system': SUP, 'password': 'lab-only'}),
        (site, SupComponent, {'classifications': ['Critical Updates', 'Security Updates'],
                              'update_file_languages': ['English', 'French']}),
    ]


def check_steps(sup: LabHost, site: LabHost) -> list[tuple[LabHost, type, dict[str, t.Any]]]:
    """The read-only modules that follow an install (sup_info and sup_log_verify on both hosts, and sup_sync in
    check mode: its probe only, no synchronization is started)."""
    return [
        (site, SupSync, {'_ansible_check_mode': True}),
        (site, SupInfo, {}),
        (sup, SupInfo, {}),
        (site, SupLogVerify, {'checks': ['sup_install'], 'site_system': SUP, 'timeout': 0}),
        (sup, SupLogVerify, {'checks': ['sup_setup'], 'timeout': 0}),
    ]


def run_recorded(patch: pytest.MonkeyPatch, calls: list[Call],
                 steps: list[tuple[LabHost, type, dict[str, t.Any]]]) -> list[tuple[str, str, dict[str, t.Any]]]:
    """Run each step, appending every win_powershell call it sends to ``calls``; (module, host, result) each."""
    results = []
    for host, action, args in steps:
        def run_script(module_args, check_mode, environ=None, _host=host, **kwargs):
            calls.append((_host, copy.deepcopy(module_args)))
            return standin.run_script(module_args, check_mode, environ, **kwargs)
        patch.setattr(labhost, 'run_script', run_script)
        args = dict(args)
        check_mode = args.pop('_ansible_check_mode', False)
        results.append((action.MODULE, host.name, host.run(action, args, check_mode=check_mode)))
    return results


def probes(calls: list[Call]) -> list[Call]:
    """The probe calls (``*_get`` scripts) among ``calls``."""
    return [(host, args) for host, args in calls if standin.script_op(args['script']).endswith('/get')]
