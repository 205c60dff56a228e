# Read-only probe for configmgr.sup.wsus_connection_account (scope=configmgr), on the site server:
# the account as Configuration Manager knows it, and the connection account of the SUP role.
# Python decides; this script only reads.
# Get-CMAccount: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmaccount
# Get-CMSoftwareUpdatePoint: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatepoint
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)]
    [string]
    $UserName,

    [Parameter(Mandatory)]
    [string]
    $SiteSystemServerName,

    [string]
    $SiteCode
)

$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false

# include: _resolve_account.ps1
# include: _configmgr_connect.ps1

$account = Resolve-Account -Name $UserName
$name = $UserName
if ($account) {
    $name = $account.name
}
$cmAccount = Get-CMAccount -UserName $name -SiteCode $SiteCode
$sup = Get-CMSoftwareUpdatePoint -SiteSystemServerName $SiteSystemServerName -SiteCode $SiteCode
$accessAccount = $null
if ($sup) {
    # Embedded property WSUSAccessAccount, Value2: the user name, empty for the computer account.
    $accessAccount = [string]($sup.Props | Where-Object { $_.PropertyName -eq 'WSUSAccessAccount' }).Value2
}
Pop-Location

[PSCustomObject]@{
    site_code = $SiteCode
    account = $account
    account_exists = [bool]$cmAccount
    sup_exists = [bool]$sup
    wsus_access_account = $accessAccount
}
