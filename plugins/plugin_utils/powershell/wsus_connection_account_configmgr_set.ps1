# Apply script for configmgr.sup.wsus_connection_account (scope=configmgr), on the site server:
# creates the Configuration Manager account or updates its password, then sets the SUP role's
# WSUS Server Connection Account, or returns it to the site server's computer account.
# New-CMAccount: https://learn.microsoft.com/powershell/module/configurationmanager/new-cmaccount
# Set-CMAccount: https://learn.microsoft.com/powershell/module/configurationmanager/set-cmaccount
# Set-CMSoftwareUpdatePoint: https://learn.microsoft.com/powershell/module/configurationmanager/set-cmsoftwareupdatepoint
[CmdletBinding()]
param (
    [Parameter(Mandatory)]
    [string]
    $SiteCode,

    [Parameter(Mandatory)]
    [string]
    $UserName,

    [Parameter(Mandatory)]
    [string]
    $SiteSystemServerName,

    [switch]
    $CreateAccount,

    [switch]
    $UpdatePassword,

    [securestring]
    $Password,

    [switch]
    $SetAccessAccount,

    [switch]
    $UseComputerAccount,

    # Setting -> the value the plan was computed from (_compare_and_set.ps1).
    [hashtable]
    $Expected = @{}
)

$ErrorActionPreference = 'Stop'
# Apply scripts run without SupportsShouldProcess, so win_powershell passes no -Confirm:$false: a cmdlet whose
# ConfirmImpact reaches $ConfirmPreference would prompt, which a non-interactive session cannot answer.
# about_Preference_Variables ($ConfirmPreference): https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables
$ConfirmPreference = 'None'

# include: _configmgr_connect.ps1
# include: _site_system_current.ps1

# Before the first change: the settings it changes, read as the probe does (_site_system_current.ps1).
Assert-Unchanged -Expected $Expected -Current (Get-SiteSystemCurrent -SiteSystemServerName $SiteSystemServerName -SiteCode $SiteCode)

if ($CreateAccount) {
    $null = New-CMAccount -UserName $UserName -Password $Password -SiteCode $SiteCode
}
if ($UpdatePassword) {
    # Set-CMAccount writes the account object: https://learn.microsoft.com/powershell/module/configurationmanager/set-cmaccount
    $null = Set-CMAccount -UserName $UserName -Password $Password -SiteCode $SiteCode
}
if ($SetAccessAccount) {
    Set-CMSoftwareUpdatePoint -SiteSystemServerName $SiteSystemServerName -SiteCode $SiteCode -WsusAccessAccount $UserName
}
if ($UseComputerAccount) {
    # No connection account: the site server connects to WSUS with its computer account.
    Set-CMSoftwareUpdatePoint -SiteSystemServerName $SiteSystemServerName -SiteCode $SiteCode -AnonymousWsusAccess
}
Pop-Location

[PSCustomObject]@{
    site_code = $SiteCode
}
