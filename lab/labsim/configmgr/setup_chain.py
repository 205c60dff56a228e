"""What the site does after a software update point is added or removed, on the simulated clocks.

Added (seed 004's success chain): Site Component Manager (SiteComp.log, site server) installs
SMS_WSUS_CONTROL_MANAGER and starts the bootstrap service with ``rolesetup.exe SMSWSUS`` (+8 s); SUP
setup on the SUP server writes SUPSetup.log (+25 s): it needs the WSUS administration API on the SUP
and, for a remote SUP, the WSUS console (API) on the site server, else "Did not find supported version
of assembly Microsoft.UpdateServices.Administration" and the bootstrap fails with a retry in 60
minutes; on success SiteComp.log reports the bootstrap (+45 s), WCM.log the configuration (+60 s) and
WSUSCtrl.log on the SUP the WSUS health (+70 s). Removed: SiteComp.log deinstalls the component (+10 s).
Log text and delays are those of the earlier lab (tests/e2e and _log_checks.py rely on them).
Unverified (no primary source): a remote SUP's logs in C:\\SMS_<site>\\Logs and the wording after the
assembly lines of a failed setup.
"""

from __future__ import annotations

import typing as t

from labsim import cmlog
from labsim.configmgr import logs, wcm
from labsim.profiles import CM_INSTALL_DIR, SUP_ROLE

API = 'UpdateServices-API'


def install(host, site: dict[str, t.Any], fqdn: str) -> None:
    """SiteComp -> SUPSetup -> SiteComp -> WCM (+ WSUSCtrl) after Add-CMSoftwareUpdatePoint."""
    short = fqdn.split('.')[0].upper()
    server = host.name.upper()
    local = logs.is_local(host, fqdn)
    install_dir = logs.sup_logs_dir(host, site, fqdn)
    rolesetup = f'{install_dir}\\bin\\x64\\rolesetup.exe'
    serial = 3559422579 + int(host.data.get('clock', 0))
    logs.sitecomp(host, 8, [
        f'Parsed the master site control file, serial number {serial}.',
        'Synchronizing server table and polling servers as needed...',
        f'Checking for component SMS_DISTRIBUTION_MANAGER on server {server}...',
        f'Component SMS_DISTRIBUTION_MANAGER on server {server} is already installed.',
        'WARNING: Performance counter SMS Site Component Manager could not be read, will retry.',
        f'Synchronizing component server {fqdn.upper()}...',
        'Installing component SMS_WSUS_CONTROL_MANAGER...',
        f"INFO: '{fqdn.upper()}' is a valid FQDN.",
        f'Creating registry keys Operations Management\\SMS Server Role\\SMS Software Update Point on server {fqdn.upper()}.',
        f'Updated WSUS Configuration for {fqdn.upper()}.',
        ('The component is being installed on the site server, no files need to be installed in the '
         f'"{CM_INSTALL_DIR}" directory because the files are already there.') if local else
        f'Copying files to \\\\{fqdn.upper()}\\SMS_{site["site_code"]}...',
        'All files installed.',
        'Starting bootstrap operations...',
        f'Installed service SMS_SERVER_BOOTSTRAP_{short}.',
        f'Starting service SMS_SERVER_BOOTSTRAP_{short} with command-line arguments '
        f'"{site["site_code"]} {install_dir} /install {rolesetup} SMSWSUS "...',
    ])
    ok, lines = supsetup(host, fqdn, rolesetup, server)
    start = 25
    text = ''.join(cmlog.supsetup(logs.target_time(host, fqdn, start + i * 0.5), m) for i, m in enumerate(lines))
    host.later(start, f'{install_dir}\\Logs\\SUPSetup.log', text, host=None if local else fqdn.lower())
    command = f'"{rolesetup} /install /siteserver:{server}"'
    if ok:
        logs.sitecomp(host, 45, [f'{command} executed successfully on server {fqdn.upper()}.',
                                 'Bootstrap operation successful.', f'Deinstalled service SMS_SERVER_BOOTSTRAP_{short}.',
                                 'Bootstrap operations completed.'])
        wcm.configure(host, fqdn, site['site_systems'][fqdn]['roles'][SUP_ROLE], delay=60)
        wsusctrl(host, fqdn, f'{install_dir}\\Logs\\WSUSCtrl.log')
    else:
        logs.sitecomp(host, 45, [f'{command} failed on server {fqdn.upper()} with exit code 1.',
                                 'Bootstrap operation failed.', f'Deinstalled service SMS_SERVER_BOOTSTRAP_{short}.',
                                 'Bootstrap operations completed.',
                                 'Will retry the installation of SMS_WSUS_CONTROL_MANAGER in 60 minutes.'])


def remove(host, fqdn: str) -> None:
    """SiteComp.log after Remove-CMSoftwareUpdatePoint."""
    logs.sitecomp(host, 10, [f'Deinstalling component SMS_WSUS_CONTROL_MANAGER from server {fqdn}...',
                             f'Deleted registry keys Operations Management\\SMS Server Role\\SMS Software Update Point '
                             f'on server {fqdn}.'])


def wsusctrl(host, fqdn: str, path: str) -> None:
    """WSUS Control Manager on the SUP starts and checks WSUS health."""
    short = fqdn.split('.')[0].upper()
    logs.schedule_simple(host, fqdn, logs.WSUSCTRL, 70, path, [
        'Checking runtime v4.0.30319...',
        'Found supported assembly Microsoft.UpdateServices.Administration version 4.0.0.0, file version 10.0.20348.1',
        'Successfully connected to local WSUS server',
        f'There are no unhealthy WSUS Server components on WSUS Server {short}',
        f'Successfully checked database connection on WSUS server {short}',
        'Waiting for changes for 59 minutes'])


def _has_api(features: dict[str, str] | None) -> bool:
    return (features or {}).get(API) in ('Installed', 'InstallPending')


def supsetup(host, fqdn: str, rolesetup: str, server: str) -> tuple[bool, list[str]]:
    """SUPSetup.log of rolesetup.exe SMSWSUS and whether setup succeeded."""
    local = logs.is_local(host, fqdn)
    target = host.data if local else (host.store.peek(fqdn.lower()) or {})
    lines = ['=' * 68, 'SMSWSUS Setup Started....', f'Parameters: {rolesetup} /install /siteserver:{server} SMSWSUS 0',
             'Installing Pre Reqs for SMSWSUS', '   ======== Installing Pre Reqs for Role SMSWSUS ========',
             'Found 0 Pre Reqs for Role SMSWSUS',
             '   ======== Completed Installation of Pre Reqs for Role SMSWSUS ========',
             'Installing the SMSWSUS',
             'Checking for supported version of WSUS (min WSUS 3.0 SP2 + KB2720211 + KB2734608)',
             'Checking runtime v2.0.50727...',
             'Did not find supported version of assembly Microsoft.UpdateServices.Administration.',
             'Checking runtime v4.0.30319...']
    folder = rolesetup.rsplit('\\', 1)[0]
    if _has_api(target.get('features')) and (local or _has_api(host.data['features'])):
        return True, lines + [
            'Found supported assembly Microsoft.UpdateServices.Administration version 4.0.0.0, file version 10.0.20348.1',
            'Found supported assembly Microsoft.UpdateServices.BaseApi version 4.0.0.0, file version 10.0.20348.1',
            'Supported WSUS version found',
            'Supported WSUS Server version (10.0.20348.1) is installed.',
            f'CTool::RegisterManagedBinary: Registered {folder}\\wsusmsp.dll successfully',
            f'Registered DLL {folder}\\wsusmsp.dll',
            'Installation was successful.', '~RoleSetup().']
    return False, lines + [
        'Did not find supported version of assembly Microsoft.UpdateServices.Administration.',
        'Supported WSUS version not found',
        'Installation failed: SMSWSUS requires WSUS 3.0 SP2 or later (WSUS administration API).',
        '~RoleSetup().']
