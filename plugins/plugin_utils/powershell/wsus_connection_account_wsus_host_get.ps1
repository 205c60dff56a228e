# Read-only probe for configmgr.sup.wsus_connection_account (scope=wsus_host), on the WSUS server:
# the account's SID and the members of the local groups it must belong to.
# Python decides; this script only reads.
# Get-LocalGroup (Microsoft.PowerShell.LocalAccounts):
#   https://learn.microsoft.com/powershell/module/microsoft.powershell.localaccounts/get-localgroup
# The members come from _local_group_members.ps1.
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)]
    [string]
    $UserName,

    # Group names, or SIDs for groups whose names are localized (S-1-5-32-544 is Administrators).
    [Parameter(Mandatory)]
    [string[]]
    $Group
)

$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false

# include: _resolve_account.ps1
# include: _local_group_members.ps1

$groups = @{}
foreach ($wanted in $Group) {
    if ($wanted -like 'S-1-*') {
        $found = Get-LocalGroup -SID $wanted -ErrorAction SilentlyContinue
    }
    else {
        $found = Get-LocalGroup -Name $wanted -ErrorAction SilentlyContinue
    }
    if (-not $found) {
        $groups[$wanted] = @{ exists = $false }
        continue
    }
    $members = @(Get-LocalGroupMemberSid -GroupSid $found.SID.Value -GroupName $found.Name)
    $groups[$wanted] = @{ exists = $true; name = $found.Name; sid = $found.SID.Value; members = $members }
}

[PSCustomObject]@{
    account = Resolve-Account -Name $UserName
    groups = $groups
}
