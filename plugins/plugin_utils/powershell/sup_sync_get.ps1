# Read-only probe for configmgr.sup.sup_sync, on the site server: where wsyncmgr.log ends now, then the
# synchronization status of the site's software update points and which software update points the site
# has, in one round trip. In that order: a
# synchronization the status shows running writes its end after the position returned here.
# Python decides whether to start one, or to wait for the one running; this script only reads.
# Get-CMSoftwareUpdatePoint: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatepoint
# wsyncmgr.log (site server, SMS_WSUS_SYNC_MANAGER): https://learn.microsoft.com/mem/configmgr/core/plan-design/hierarchy/log-files
[CmdletBinding(SupportsShouldProcess)]
param (
    [string]
    $SiteCode
)

$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false

# include: _configmgr_logs.ps1
# include: _configmgr_connect.ps1
# include: _sup_sync_status.ps1

$logs = Get-CMLogPosition -Name @('wsyncmgr.log')
$current = Get-SupSyncCurrent
$sups = @(Get-CMSoftwareUpdatePoint -SiteCode $SiteCode | ForEach-Object { ([string]$_.NetworkOSPath) -replace '^\\+', '' })
Pop-Location

[PSCustomObject]@{
    site_code = $SiteCode
    servers = $current.servers
    signature = $current.signature
    software_update_points = $sups
    logs = $logs
}
