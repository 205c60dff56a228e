# op: wsus_connection_account_wsus_host/get
# Read-only probe for configmgr.sup.wsus_connection_account (scope=wsus_host), on the WSUS server:
# the account's SID and the members of the local groups it must belong to.
# Python decides; this script only reads.
# Get-LocalGroup / Get-LocalGroupMember (Microsoft.PowerShell.LocalAccounts):
#   https://learn.microsoft.com/powershell/module/microsoft.powershell.localaccounts/get-localgroupmember
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
    $members = @(foreach ($member in (Get-LocalGroupMember -SID $found.SID)) {
            @{ name = [string]$member.Name; sid = [string]$member.SID.Value }
        })
    $groups[$wanted] = @{ exists = $true; name = $found.Name; sid = $found.SID.Value; members = $members }
}

[PSCustomObject]@{
    account = Resolve-Account -Name $UserName
    groups = $groups
}
