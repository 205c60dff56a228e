# ---- from _sup_sync_status.ps1: the synchronization status of the site's software update points, read the same
# way by sup_sync's probe and, just before it starts a synchronization, by its apply (compare-and-set).
# Get-CMSoftwareUpdateSyncStatus: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatesyncstatus
# SMS_SUPSyncStatus (one per WSUS server: LastSuccessfulSyncTime, LastSyncState 6701-6705, LastSyncStateTime, ...):
#   https://learn.microsoft.com/mem/configmgr/develop/reference/sum/sms_supsyncstatus-server-wmi-class
function Format-SyncTime {
    param ($Value)
    if ($null -eq $Value) {
        return ''
    }
    $Value.ToString('o')
}

function Get-SupSyncCurrent {
    $servers = @(foreach ($status in @(Get-CMSoftwareUpdateSyncStatus)) {
            @{
                site_code = [string]$status.SiteCode
                wsus_server = [string]$status.WSUSServerName
                last_successful_sync = Format-SyncTime $status.LastSuccessfulSyncTime
                last_sync_state = [int]$status.LastSyncState
                last_sync_state_time = Format-SyncTime $status.LastSyncStateTime
            }
        })
    # What a synchronization that started in between changes: a server's state (a first one adds a server).
    $signature = @($servers | ForEach-Object { [string]$_.last_sync_state }) -join ';'
    @{ servers = $servers; signature = $signature }
}
# ---- end of _sup_sync_status.ps1
