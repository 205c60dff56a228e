# Apply script for configmgr.sup.wsus_connection_account (scope=wsus_host): adds the account to,
# or removes only that account from, the local groups the controller named. Other members stay.
# Add-LocalGroupMember / Remove-LocalGroupMember (Microsoft.PowerShell.LocalAccounts):
#   https://learn.microsoft.com/powershell/module/microsoft.powershell.localaccounts/add-localgroupmember
[CmdletBinding()]
param (
    [Parameter(Mandatory)]
    [string]
    $MemberSid,

    [string[]]
    $AddToGroupSid = @(),

    [string[]]
    $RemoveFromGroupSid = @()
)

$ErrorActionPreference = 'Stop'
# Apply scripts run without SupportsShouldProcess, so win_powershell passes no -Confirm:$false: a cmdlet whose
# ConfirmImpact reaches $ConfirmPreference would prompt, which a non-interactive session cannot answer.
# about_Preference_Variables ($ConfirmPreference): https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables
$ConfirmPreference = 'None'

foreach ($groupSid in $AddToGroupSid) {
    Add-LocalGroupMember -SID $groupSid -Member $MemberSid
}
foreach ($groupSid in $RemoveFromGroupSid) {
    Remove-LocalGroupMember -SID $groupSid -Member $MemberSid
}
