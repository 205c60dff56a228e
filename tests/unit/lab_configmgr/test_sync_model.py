"""Synchronization as the lab models it (labsim.configmgr.sync): Sync-CMSoftwareUpdate, WSyncMgr's work on
the site server's clock, wsyncmgr.log, status messages, SMS_SUPSyncStatus, and the sync faults."""

from __future__ import annotations

import pytest
from conftest import CM, LOGS, SUP, call, later, read, secret
from supsite import config, install_sup, session, start_sync, status_ids, sync_log, sync_status
from wsushost import serve_wsus

from labsim.powershell import api

STARTED, DONE, FAILED, WSUS_PHASE, SMS_PHASE = 6701, 6702, 6703, 6704, 6705


@pytest.fixture
def sup(store):
    install_sup(store)
    return store


def test_the_first_synchronization_takes_about_three_minutes_and_succeeds(sup):
    start_sync(sup)
    assert 'ExecMethodAsync : SMS_SoftwareUpdate::SyncNow' in read(sup, CM, LOGS + 'SMSProv.log')
    assert sync_status(sup) == []  # WSyncMgr has not started yet
    later(sup, CM, config(), 30)
    [row] = sync_status(sup)
    assert row['LastSyncState'] == WSUS_PHASE and row['LastSuccessfulSyncTime'] is None
    later(sup, CM, config(), 100)
    assert sync_status(sup)[0]['LastSyncState'] == SMS_PHASE
    assert 'Sync succeeded' not in sync_log(sup)
    later(sup, CM, config(), 60)
    [row] = sync_status(sup)
    assert row['LastSyncState'] == DONE and row['LastSyncErrorCode'] == 0
    assert row['LastSuccessfulSyncTime'] == row['LastSyncStateTime']
    assert row['SyncCatalogVersion'] == 2 and row['WSUSSourceServer'] == 'Microsoft Update'
    log = sync_log(sup)
    order = ['Wakeup by inbox drop', 'Performing sync on local request',
             f'Found active SUP {CM.upper()} from SCF File.',
             'STATMSG: ID=6701 SEV=I', 'STATMSG: ID=6704', f'Synchronizing WSUS server {CM} ...', 'STATMSG: ID=6705',
             'STATMSG: ID=6702', 'Sync succeeded. Setting sync alert to canceled state on site PR1',
             'new update source content version is 2']
    positions = [log.index(line) for line in order]
    assert positions == sorted(positions)
    assert '$$<SMS_WSUS_SYNC_MANAGER><' in log
    assert status_ids(sup) == [STARTED, WSUS_PHASE, SMS_PHASE, DONE]


def test_a_delta_synchronization_takes_about_a_minute_and_counts_new_subscriptions(sup):
    start_sync(sup)
    later(sup, CM, config(), 200)
    with session(sup) as site:
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', AddUpdateClassification='Security Updates',
             AddProduct='Windows 11')
        call(site, 'Sync-CMSoftwareUpdate', FullSync=False)
    later(sup, CM, config(), 40)
    assert sync_status(sup)[0]['LastSyncState'] == SMS_PHASE
    later(sup, CM, config(), 30)
    [row] = sync_status(sup)
    assert row['LastSyncState'] == DONE and row['SyncCatalogVersion'] == 4
    updated = [line for line in sync_log(sup).splitlines() if line.startswith('Updated ')]
    assert len(updated) == 2 and not updated[1].startswith('Updated 0 items')


def test_a_second_request_while_one_runs_starts_nothing(sup):
    start_sync(sup)
    later(sup, CM, config(), 20)
    start_sync(sup)
    later(sup, CM, config(), 400)
    assert sync_log(sup).count('Starting Sync') == 1


def test_without_wcm_configuration_the_sync_fails_and_retries_in_an_hour(store):
    with session(store) as site:  # SUP role without WSUS and without the console: setup fails, WCM never runs
        call(site, 'Add-CMSoftwareUpdatePoint', SiteSystemServerName=CM, SiteCode='PR1')
    later(store, CM, config(), 200)
    with session(store) as site:
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', EnableSyncFailureAlert=True)
        call(site, 'Sync-CMSoftwareUpdate')
    later(store, CM, config(), 30)
    log = sync_log(store)
    assert 'Sync failed: WSUS server not configured. Please refer to WCM.log' in log
    assert 'STATMSG: ID=6703 SEV=E' in log and 'Sync failed. Will retry in 60 minutes' in log
    assert 'Setting sync alert to active state on site PR1' in log
    [row] = sync_status(store)
    assert row['LastSyncState'] == FAILED and row['LastSyncErrorCode'] != 0
    assert status_ids(store) == [STARTED, FAILED]
    with session(store) as site:
        assert call(site, 'Get-CMAlert')[0].ps_get('AlertState') == 0  # active
    assert any(p.get('key') == 'wsyncmgr-retry' for p in store.pending(CM))


def test_a_sup_whose_last_wcm_cycle_failed_is_not_configured_for_a_sync(sup):
    with session(sup) as site:  # the role says SSL, the WSUS serves HTTP: WCM's next cycle fails
        call(site, 'Set-CMSoftwareUpdatePoint', SiteSystemServerName=CM, SiteCode='PR1', EnableSsl=True)
    later(sup, CM, config(), 60)
    assert 'WSUS_CONFIG_FAILED' in read(sup, CM, LOGS + 'WCM.log')
    start_sync(sup)
    later(sup, CM, config(), 30)
    assert 'Sync failed: WSUS server not configured. Please refer to WCM.log' in sync_log(sup)


def test_an_unreachable_upstream_fails_and_a_sync_after_clearing_the_fault_succeeds(sup):
    broken = config(sync_upstream_unreachable=True)
    start_sync(sup, broken)
    later(sup, CM, broken, 60)
    log = sync_log(sup)
    assert 'Sync failed: UssCommunicationError: WebException: Unable to connect to the remote server' in log
    assert sync_status(sup, broken)[0]['LastSyncState'] == FAILED
    start_sync(sup)
    later(sup, CM, config(), 200)
    [row] = sync_status(sup)
    assert row['LastSyncState'] == DONE and row['LastSuccessfulSyncTime'] is not None
    assert not any(p.get('key') == 'wsyncmgr-retry' for p in sup.pending(CM))


def test_the_retry_an_hour_later_succeeds_once_the_cause_is_gone(sup):
    broken = config(sync_upstream_unreachable=True)
    start_sync(sup, broken)
    later(sup, CM, broken, 60)
    later(sup, CM, config(), 3900)
    assert 'Performing sync on retry schedule' in sync_log(sup)
    assert sync_status(sup)[0]['LastSyncState'] == DONE


def proxy(site, account: str | None) -> None:
    """The site server's proxy, with or without a proxy account, and the SUP syncing through it."""
    params = {'SiteSystemServerName': CM, 'SiteCode': 'PR1', 'EnableProxy': True,
              'ProxyServerName': 'proxy.contoso.com', 'ProxyServerPort': 8080}
    if account:
        call(site, 'New-CMAccount', UserName=account, Password=secret('P@ssw0rd'))
        params['ProxyAccessAccount'] = call(site, 'Get-CMAccount', UserName=account)[0]
    call(site, 'Set-CMSiteSystemServer', **params)
    call(site, 'Set-CMSoftwareUpdatePoint', SiteSystemServerName=CM, SiteCode='PR1', UseProxy=True)


def test_a_proxy_that_needs_an_account_answers_407(sup):
    needs_account = config(sync_proxy_407=True)
    start_sync(sup, needs_account)
    later(sup, CM, needs_account, 60)
    assert 'WebException: The request failed with HTTP status 407: Proxy Authentication Required.' in sync_log(sup)
    with session(sup, needs_account) as site:
        proxy(site, 'CONTOSO\\svc-cm-proxy')
        call(site, 'Sync-CMSoftwareUpdate')
    later(sup, CM, needs_account, 200)
    assert sync_status(sup, needs_account)[0]['LastSyncState'] == DONE


def test_a_proxy_that_accepts_one_account_refuses_another(sup):
    one_account = config(sync_proxy_407='CONTOSO\\svc-cm-proxy')
    with session(sup, one_account) as site:
        proxy(site, 'CONTOSO\\svc-cm-push')
        call(site, 'Sync-CMSoftwareUpdate')
    later(sup, CM, one_account, 60)
    assert sync_status(sup, one_account)[0]['LastSyncState'] == FAILED
    assert 'HTTP status 407' in sync_log(sup)


def test_a_scheduled_sync_already_running_is_not_started_twice(sup):
    running = config(sync_already_running=True)
    start_sync(sup, running)  # connecting finds the scheduled sync; the request starts nothing
    log = sync_log(sup)
    assert 'Wakeup for scheduled regular sync' in log and 'Performing sync on regular schedule' in log
    assert sync_status(sup, running)[0]['LastSyncState'] == WSUS_PHASE
    later(sup, CM, running, 300)
    log = sync_log(sup)
    assert log.count('Starting Sync') == 1 and 'Wakeup by inbox drop' not in log
    assert sync_status(sup, running)[0]['LastSyncState'] == DONE
    start_sync(sup, running)  # the fault starts one scheduled sync only
    later(sup, CM, running, 10)
    assert 'Wakeup by inbox drop' in sync_log(sup)


def test_a_request_that_comes_due_while_a_sync_runs_starts_nothing(sup):
    start_sync(sup)  # WSyncMgr would wake up 3 s later...
    with session(sup, config(sync_already_running=True)):
        pass  # ...but a scheduled synchronization is already running by then
    later(sup, CM, config(), 300)
    log = sync_log(sup)
    assert log.count('Starting Sync') == 1 and 'Performing sync on regular schedule' in log


def test_a_remote_sup_needs_the_wsus_api_on_the_site_server(store):
    serve_wsus(store, SUP)
    with session(store) as site:
        site.host.data['features']['UpdateServices-API'] = 'Installed'  # the console, for SUP setup and WCM
        call(site, 'New-CMSiteSystemServer', SiteSystemServerName=SUP, SiteCode='PR1')
        call(site, 'Add-CMSoftwareUpdatePoint', SiteSystemServerName=SUP, SiteCode='PR1')
    later(store, SUP, {}, 200)
    later(store, CM, config(), 200)
    assert 'WSUS_CONFIG_SUCCESS' in read(store, CM, LOGS + 'WCM.log')
    with session(store) as site:
        site.host.data['features']['UpdateServices-API'] = 'Available'  # the console removed afterwards
        call(site, 'Sync-CMSoftwareUpdate')
    later(store, CM, config(), 30)
    assert 'Sync failed: Did not find supported version of assembly Microsoft.UpdateServices.Administration.' in \
        sync_log(store)
    with session(store) as site:
        site.host.data['features']['UpdateServices-API'] = 'Installed'
        call(site, 'Sync-CMSoftwareUpdate')
    later(store, CM, config(), 200)
    [row] = sync_status(store)
    assert row['LastSyncState'] == DONE and row['WSUSServerName'] == SUP


def test_full_sync_takes_a_bool(sup):
    with session(sup) as site:
        with pytest.raises(api.PSError):
            call(site, 'Sync-CMSoftwareUpdate', FullSync='yes')


def test_sync_on_a_site_without_a_software_update_point_writes_no_sync_log(store):
    start_sync(store)
    assert 'ExecMethodAsync : SMS_SoftwareUpdate::SyncNow' in read(store, CM, LOGS + 'SMSProv.log')
    later(store, CM, config(), 60)
    assert sync_log(store) == '' and store.pending(CM) == []


def test_the_first_sup_synchronizes_from_microsoft_update_and_the_others_are_its_replicas(sup):
    serve_wsus(sup, SUP)
    with session(sup) as site:
        call(site, 'New-CMSiteSystemServer', SiteSystemServerName=SUP, SiteCode='PR1')
        call(site, 'Add-CMSoftwareUpdatePoint', SiteSystemServerName=SUP, SiteCode='PR1')
    later(sup, SUP, {}, 200)
    later(sup, CM, config(), 200)
    start_sync(sup)
    later(sup, CM, config(), 200)
    rows = {row['WSUSServerName']: row for row in sync_status(sup)}
    assert rows[CM]['WSUSSourceServer'] == 'Microsoft Update' and rows[SUP]['WSUSSourceServer'] == CM
    assert rows[SUP]['LastSyncState'] == DONE
    log = sync_log(sup)
    assert 'Found 2 SUPs' in log
    assert log.index(f'Found active SUP {CM.upper()}') < log.index(f'Found active SUP {SUP.upper()}')
    assert log.index('Synchronizing replica WSUS servers') < log.index(f'Synchronizing WSUS server {SUP} ...')


def test_a_full_sync_on_request_takes_as_long_as_the_first(sup):
    start_sync(sup)
    later(sup, CM, config(), 200)
    start_sync(sup, FullSync=True)
    later(sup, CM, config(), 70)
    assert sync_status(sup)[0]['LastSyncState'] == WSUS_PHASE
    later(sup, CM, config(), 120)
    assert sync_status(sup)[0]['LastSyncState'] == DONE
