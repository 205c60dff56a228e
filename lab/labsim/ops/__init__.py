"""Lab models of the collection's scripts, keyed by their ``# op:`` header."""

from __future__ import annotations

import typing as t

from labsim.ops import wsus_install, wsus_ssl_vroots

HANDLERS: dict[str, t.Callable[..., t.Any]] = {
    'wsus_install/get': wsus_install.get,
    'wsus_install/set': wsus_install.set_,
    'wsus_ssl_vroots/get': wsus_ssl_vroots.get,
    'wsus_ssl_vroots/set': wsus_ssl_vroots.set_,
}


def handler(op: str | None) -> t.Callable[..., t.Any] | None:
    return HANDLERS.get(op or '')
