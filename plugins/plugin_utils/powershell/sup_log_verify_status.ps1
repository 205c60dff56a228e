# Read-only probe for configmgr.sup.sup_log_verify: the site's status messages about a software update
# point, for when its logs no longer tell (they rolled away, or the history file is gone). One query
# through the SMS Provider (the CMSite drive the other ConfigMgr scripts use): the milestones of the
# components that install the role and configure its WSUS, raised by the SUP server or by the site
# server (where WCM runs), within the site's own retention, and the site's software update points (WCM's
# messages name the site server, so they can only stand for the site's one SUP). Python sorts, picks the
# newest and decides.
# Get-CMSiteStatusMessage: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsitestatusmessage
# SMS_StatusMessage (MessageType 256 = milestone, the end of an operation; Severity; Time in UTC):
#   https://learn.microsoft.com/mem/configmgr/develop/reference/core/servers/manage/sms_statusmessage-server-wmi-class
# Get-CMSoftwareUpdatePoint: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatepoint
[CmdletBinding(SupportsShouldProcess)]
param (
    # FQDN of the software update point.
    [Parameter(Mandatory)]
    [string]
    $SiteSystem,

    # FQDN of the site server (where WCM runs and raises its messages).
    [Parameter(Mandatory)]
    [string]
    $SiteServer,

    [Parameter(Mandatory)]
    [string[]]
    $Component,

    [string]
    $SiteCode,

    # At most this many milestones (the last ones the provider returns; Python sorts them by time).
    [int]
    $MaxMessages = 50
)

$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false

# include: _configmgr_connect.ps1

$found = @(Get-CMSiteStatusMessage -Component $Component -ComputerName $SiteSystem, $SiteServer -SiteCode $SiteCode |
        Where-Object { $_.MessageType -eq 256 })
$messages = @($found | Select-Object -Last $MaxMessages | ForEach-Object {
        @{
            record_id = [long]$_.RecordID
            message_id = [int]$_.MessageID
            component = [string]$_.Component
            machine = [string]$_.MachineName
            severity = [long]$_.Severity
            time = $_.Time.ToString('o')
        }
    })
$sups = @(Get-CMSoftwareUpdatePoint -SiteCode $SiteCode | ForEach-Object { ([string]$_.NetworkOSPath) -replace '^\\+', '' })
Pop-Location

[PSCustomObject]@{
    messages = $messages
    found = $found.Count
    software_update_points = $sups
}
