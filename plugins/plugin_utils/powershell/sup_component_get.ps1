# Read-only probe for configmgr.sup.sup_component, on the site server: the software update point component
# (sync source, reporting, supersedence, languages, WSUS cleanup), the WSUS synchronization manager (schedule,
# content file option, maximum run times), the sync failure alert, the update categories (ID, name, type,
# subscribed) and when the site last synchronized. Python decides; this script only reads.
# Convert-CMSchedule: https://learn.microsoft.com/powershell/module/configurationmanager/convert-cmschedule
# Get-CMSoftwareUpdateSyncStatus (SMS_SUPSyncStatus):
#   https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatesyncstatus
#   https://learn.microsoft.com/mem/configmgr/develop/reference/sum/sms_supsyncstatus-server-wmi-class
[CmdletBinding(SupportsShouldProcess)]
param (
    [string]
    $SiteCode
)

$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false

# include: _configmgr_connect.ps1
# include: _sup_component_read.ps1

$current = Get-SupComponentCurrent -SiteCode $SiteCode
$schedule = $null
$token = [string]$current.sync['Sync Schedule'].value1
if ($token) {
    # SMS_ST_RecurInterval: https://learn.microsoft.com/mem/configmgr/develop/reference/core/servers/configure/sms_st_recurinterval-server-wmi-class
    $recur = Convert-CMSchedule -ScheduleString $token
    $schedule = @{
        day_span = [int]$recur.DaySpan
        hour_span = [int]$recur.HourSpan
        minute_span = [int]$recur.MinuteSpan
        start = $recur.StartTime.ToString('s')
    }
}
$synchronized = @(Get-CMSoftwareUpdateSyncStatus | Where-Object { $_.SiteCode -eq $SiteCode -and $_.LastSuccessfulSyncTime } |
        ForEach-Object { $_.LastSuccessfulSyncTime.ToString('s') })
Pop-Location

[PSCustomObject]@{
    site_code = $SiteCode
    component = $current.component
    sync = $current.sync
    alert = $current.alert.exists
    schedule = $schedule
    categories = $current.list
    last_successful_sync = $synchronized
}
