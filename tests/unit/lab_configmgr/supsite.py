"""A site server whose own software update point is installed and configured by WCM (the success chain of
``setup_chain``), for the models of the update catalog, the component and synchronization."""

from __future__ import annotations

import contextlib
import typing as t

from conftest import CM, LOGS, SITE, Session, call, connect, later, read

from wsushost import serve_wsus

WSYNCMGR = LOGS + 'wsyncmgr.log'


def config(**faults: t.Any) -> dict[str, t.Any]:
    """The site server's lab_host_config, with ``faults``."""
    return dict(SITE, faults=dict(faults)) if faults else dict(SITE)


@contextlib.contextmanager
def session(store, cfg: dict[str, t.Any] | None = None) -> t.Iterator[Session]:
    """A connected session on the site server (the host saved when the block ends)."""
    with store.host(CM, cfg if cfg is not None else config()) as host:
        yield connect(Session(host))


def install_sup(store, cfg: dict[str, t.Any] | None = None) -> None:
    """WSUS on the site server, the SUP role on it, and the site's work until WCM configured it."""
    cfg = cfg if cfg is not None else config()
    serve_wsus(store, CM, cfg)
    with session(store, cfg) as site:
        call(site, 'Add-CMSoftwareUpdatePoint', SiteSystemServerName=CM, SiteCode='PR1')
    later(store, CM, cfg, 200)
    assert 'WSUS_CONFIG_SUCCESS' in read(store, CM, LOGS + 'WCM.log')


def sync_log(store) -> str:
    return read(store, CM, WSYNCMGR)


def sync_status(store, cfg: dict[str, t.Any] | None = None) -> list[dict[str, t.Any]]:
    with session(store, cfg) as site:
        return [dict(row.props) for row in call(site, 'Get-CMSoftwareUpdateSyncStatus')]


def start_sync(store, cfg: dict[str, t.Any] | None = None, **params: t.Any) -> None:
    with session(store, cfg) as site:
        call(site, 'Sync-CMSoftwareUpdate', **params)


def status_ids(store, cfg: dict[str, t.Any] | None = None) -> list[int]:
    with session(store, cfg) as site:
        return [m.ps_get('MessageID') for m in call(site, 'Get-CMSiteStatusMessage', Component='SMS_WSUS_SYNC_MANAGER')]
