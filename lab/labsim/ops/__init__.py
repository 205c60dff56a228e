"""Lab models of the collection's scripts, keyed by their ``# op:`` header."""

from __future__ import annotations

import typing as t

from labsim.ops import sup_info, sup_log_verify, sup_proxy, sup_role, wsus_connection_account, wsus_install, wsus_ssl_vroots

HANDLERS: dict[str, t.Callable[..., t.Any]] = {
    'sup_info/get': sup_info.get,
    'sup_log_verify/get': sup_log_verify.get,
    'sup_proxy/get': sup_proxy.get,
    'sup_proxy/set': sup_proxy.set_,
    'sup_role/get': sup_role.get,
    'sup_role/set': sup_role.set_,
    'wsus_install/get': wsus_install.get,
    'wsus_install/set': wsus_install.set_,
    'wsus_ssl_vroots/get': wsus_ssl_vroots.get,
    'wsus_ssl_vroots/set': wsus_ssl_vroots.set_,
    'wsus_connection_account_configmgr/get': wsus_connection_account.configmgr_get,
    'wsus_connection_account_configmgr/set': wsus_connection_account.configmgr_set,
    'wsus_connection_account_wsus_host/get': wsus_connection_account.wsus_host_get,
    'wsus_connection_account_wsus_host/set': wsus_connection_account.wsus_host_set,
}


def handler(op: str | None) -> t.Callable[..., t.Any] | None:
    return HANDLERS.get(op or '')
