# Apply script for configmgr.sup.sup_sync, on the site server: starts a software update synchronization, full
# or delta, unless the synchronization status moved since the probe read it (a scheduled synchronization
# started or ended in between): then it starts nothing and the controller follows what is there now.
# The position of wsyncmgr.log is taken just before the start, so the controller reads only this synchronization.
# Sync-CMSoftwareUpdate: https://learn.microsoft.com/powershell/module/configurationmanager/sync-cmsoftwareupdate
[CmdletBinding()]
param (
    [Parameter(Mandatory)]
    [string]
    $SiteCode,

    [bool]
    $FullSync = $false,

    # Setting -> the value the plan was computed from (_compare_and_set.ps1): here the status signature.
    [hashtable]
    $Expected = @{}
)

$ErrorActionPreference = 'Stop'
# Apply scripts run without SupportsShouldProcess, so win_powershell passes no -Confirm:$false (see sup_role_set.ps1).
$ConfirmPreference = 'None'

# include: _configmgr_logs.ps1
# include: _configmgr_connect.ps1
# include: _compare_and_set.ps1
# include: _sup_sync_status.ps1

$logs = Get-CMLogPosition -Name @('wsyncmgr.log')
Assert-Unchanged -Expected $Expected -Current (Get-SupSyncCurrent)
# No -SiteCode on the current page: it synchronizes the site of the CMSite drive entered above.
Sync-CMSoftwareUpdate -FullSync $FullSync
$Ansible.Changed = $true
Pop-Location

[PSCustomObject]@{
    logs = $logs
}
