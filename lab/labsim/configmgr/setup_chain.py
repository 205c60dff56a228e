"""What the site does after a software update point is added or removed, on the simulated clocks.

Added (the success chain of
https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/software-update-point-installation-and-configuration):
Site Component Manager (SiteComp.log, site server) installs
SMS_WSUS_CONTROL_MANAGER and starts the bootstrap service with ``rolesetup.exe SMSWSUS`` (+8 s); SUP
setup on the SUP server writes SUPSetup.log (+25 s): it needs the WSUS administration API on the SUP
and, for a remote SUP, the WSUS console (API) on the site server, else "Did not find supported version
of assembly Microsoft.UpdateServices.Administration" and the bootstrap fails with a retry in 60
minutes; on success SiteComp.log reports the bootstrap (+45 s), WCM.log the configuration (+60 s) and
WSUSCtrl.log on the SUP the WSUS health (+70 s). Removed: SiteComp.log deinstalls the component (+10 s).
Log text and delays are those of the earlier lab (tests/e2e and _log_checks.py rely on them).
Unverified (no primary source): a remote SUP's logs in C:\\SMS_<site>\\Logs and the wording after the
assembly lines of a failed setup.

Status messages (``status``): Site Component Manager raises its installation milestone for the SUP
server (success or failure) when SiteComp.log reports the bootstrap result, and a removal milestone after
the deinstallation.

Retry: after "Will retry the installation of SMS_WSUS_CONTROL_MANAGER in 60 minutes." (+49 s), Site
Component Manager runs the installation again 60 minutes later (``retry``, a ``HostState.call_later``
entry on the site server, so it reads the state as it is then): the same SiteComp lines at once, SUP
setup on the SUP 17 s later, the outcome 37 s later (WCM and WSUSCtrl after a success), or another
failure and another retry in 60 minutes. It succeeds once the cause was fixed meanwhile (WSUS with its
API on the SUP, the console on the site server for a remote SUP). A role removed meanwhile is not
retried (``remove`` drops the pending retry). The SiteComp lines of a retry are those of the first
attempt (unverified that Site Component Manager repeats all of them).
"""

from __future__ import annotations

import typing as t

from labsim import cmlog
from labsim.configmgr import logs, status, wcm
from labsim.profiles import CM_INSTALL_DIR, SUP_ROLE

API = 'UpdateServices-API'


#: Site Component Manager's retry interval after a failed installation ("... in 60 minutes.")
RETRY_SECONDS = 3600
RETRY = 'labsim.configmgr.setup_chain:retry'


def _retry_key(fqdn: str) -> str:
    return f'sitecomp-retry:{fqdn.lower()}'


def install(host, site: dict[str, t.Any], fqdn: str) -> None:
    """SiteComp -> SUPSetup -> SiteComp -> WCM (+ WSUSCtrl) after Add-CMSoftwareUpdatePoint."""
    attempt(host, site, fqdn, start=8)


def retry(host, fqdn: str) -> None:
    """Site Component Manager's retry of a failed installation, run when it is due (pending call)."""
    site = host.data.get('configmgr')
    if not site:
        return
    system = next((s for name, s in site['site_systems'].items() if name.lower() == fqdn.lower()), None)
    if system is None or SUP_ROLE not in system['roles']:
        return  # removed meanwhile: nothing to install
    attempt(host, site, next(name for name in site['site_systems'] if name.lower() == fqdn.lower()), start=0)


def attempt(host, site: dict[str, t.Any], fqdn: str, start: float) -> None:
    """One installation attempt whose SiteComp lines start ``start`` seconds from now: SUP setup on the
    SUP 17 s after them, the outcome 37 s after them, WCM 52 s and WSUSCtrl 62 s after them."""
    short = fqdn.split('.')[0].upper()
    server = host.name.upper()
    local = logs.is_local(host, fqdn)
    install_dir = logs.sup_logs_dir(host, site, fqdn)
    rolesetup = f'{install_dir}\\bin\\x64\\rolesetup.exe'
    serial = 3559422579 + int(host.now())
    logs.sitecomp(host, start, [
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
    setup_at = start + 17
    text = ''.join(cmlog.supsetup(logs.target_time(host, fqdn, setup_at + i * 0.5), m) for i, m in enumerate(lines))
    host.later(setup_at, f'{install_dir}\\Logs\\SUPSetup.log', text, host=None if local else fqdn.lower())
    command = f'"{rolesetup} /install /siteserver:{server}"'
    if ok:
        host.store.cancel(host.name, _retry_key(fqdn))
        logs.sitecomp(host, start + 37, [f'{command} executed successfully on server {fqdn.upper()}.',
                                         'Bootstrap operation successful.',
                                         f'Deinstalled service SMS_SERVER_BOOTSTRAP_{short}.',
                                         'Bootstrap operations completed.'])
        status.raise_later(host, start + 38, logs.SITECOMP, fqdn, status.INSTALLED)
        wcm.configure(host, fqdn, delay=start + 52)
        wsusctrl(host, fqdn, f'{install_dir}\\Logs\\WSUSCtrl.log', delay=start + 62)
    else:
        failed = [f'{command} failed on server {fqdn.upper()} with exit code 1.',
                  'Bootstrap operation failed.', f'Deinstalled service SMS_SERVER_BOOTSTRAP_{short}.',
                  'Bootstrap operations completed.',
                  'Will retry the installation of SMS_WSUS_CONTROL_MANAGER in 60 minutes.']
        logs.sitecomp(host, start + 37, failed)
        status.raise_later(host, start + 37 + len(failed) - 1, logs.SITECOMP, fqdn, status.INSTALL_FAILED)
        # 60 minutes after the "Will retry" line (the last one, a second per line)
        host.call_later(start + 37 + len(failed) - 1 + RETRY_SECONDS, RETRY, {'fqdn': fqdn}, key=_retry_key(fqdn))


def remove(host, fqdn: str) -> None:
    """SiteComp.log after Remove-CMSoftwareUpdatePoint; a pending retry of its installation is dropped.

    Unverified (no primary source found): the exact wording and case of the deinstall lines. Microsoft documents
    that Site Component Manager deinstalls a removed role's components from the server (the console's "Remove
    Role" and Remove-CMSoftwareUpdatePoint), not the SiteComp.log text; the software_update_point role's removal
    check (sup.yml, "sup_remove") matches the first line case-insensitively."""
    host.store.cancel(host.name, _retry_key(fqdn))
    logs.sitecomp(host, 10, [f'Deinstalling component SMS_WSUS_CONTROL_MANAGER from server {fqdn}...',
                             f'Deleted registry keys Operations Management\\SMS Server Role\\SMS Software Update Point '
                             f'on server {fqdn}.'])
    status.raise_later(host, 11, logs.SITECOMP, fqdn, status.REMOVED)


def wsusctrl(host, fqdn: str, path: str, delay: float = 70) -> None:
    """WSUS Control Manager on the SUP starts and checks WSUS health."""
    short = fqdn.split('.')[0].upper()
    logs.schedule_simple(host, fqdn, logs.WSUSCTRL, delay, path, [
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
