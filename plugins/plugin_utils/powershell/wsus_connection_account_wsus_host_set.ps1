# Apply script for configmgr.sup.wsus_connection_account (scope=wsus_host): adds the account to,
# or removes only that account from, the local groups the controller named. Other members stay.
# Add-LocalGroupMember / Remove-LocalGroupMember (Microsoft.PowerShell.LocalAccounts):
#   https://learn.microsoft.com/powershell/module/microsoft.powershell.localaccounts/add-localgroupmember
# Get-LocalGroup: https://learn.microsoft.com/powershell/module/microsoft.powershell.localaccounts/get-localgroup
[CmdletBinding()]
param (
    [Parameter(Mandatory)]
    [string]
    $MemberSid,

    [string[]]
    $AddToGroupSid = @(),

    [string[]]
    $RemoveFromGroupSid = @(),

    # Setting -> the value the plan was computed from (_compare_and_set.ps1).
    [hashtable]
    $Expected = @{}
)

$ErrorActionPreference = 'Stop'
# Apply scripts run without SupportsShouldProcess, so win_powershell passes no -Confirm:$false: a cmdlet whose
# ConfirmImpact reaches $ConfirmPreference would prompt, which a non-interactive session cannot answer.
# about_Preference_Variables ($ConfirmPreference): https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables
$ConfirmPreference = 'None'

# include: _local_group_members.ps1
# include: _compare_and_set.ps1

# Before the first change: whether the account is a member of each group it changes, read as the probe does.
$memberOf = @{}
foreach ($groupSid in (@($AddToGroupSid) + @($RemoveFromGroupSid))) {
    $group = Get-LocalGroup -SID $groupSid
    $members = @(Get-LocalGroupMemberSid -GroupSid $groupSid -GroupName $group.Name)
    $memberOf[$group.Name] = @($members | Where-Object { $_.sid -eq $MemberSid }).Count -gt 0
}
Assert-Unchanged -Expected $Expected -Current @{ member_of = $memberOf }

foreach ($groupSid in $AddToGroupSid) {
    Add-LocalGroupMember -SID $groupSid -Member $MemberSid
}
foreach ($groupSid in $RemoveFromGroupSid) {
    Remove-LocalGroupMember -SID $groupSid -Member $MemberSid
}
