# Apply script for configmgr.sup.sup_proxy, on the site server. In order: create the proxy account
# or update its password; set the site system proxy with the full set (Set-CMSiteSystemServer resets
# an omitted port to 80 and an omitted account to none); set the SUP's proxy flags. Turning proxy off
# goes the other way: flags first, then the site system proxy.
# New-CMAccount / Set-CMAccount / Get-CMAccount:
#   https://learn.microsoft.com/powershell/module/configurationmanager/new-cmaccount
# Set-CMSiteSystemServer: https://learn.microsoft.com/powershell/module/configurationmanager/set-cmsitesystemserver
# Set-CMSoftwareUpdatePoint: https://learn.microsoft.com/powershell/module/configurationmanager/set-cmsoftwareupdatepoint
[CmdletBinding()]
param (
    [Parameter(Mandatory)]
    [string]
    $SiteCode,

    [Parameter(Mandatory)]
    [string]
    $SiteSystemServerName,

    [string]
    $ProxyAccountName,

    [switch]
    $CreateAccount,

    [switch]
    $UpdatePassword,

    [securestring]
    $Password,

    [Nullable[bool]]
    $EnableProxy,

    [string]
    $ProxyServerName,

    [Nullable[int]]
    $ProxyServerPort,

    [Nullable[bool]]
    $UseProxy,

    [Nullable[bool]]
    $UseProxyForAdr,

    # Setting -> the value the plan was computed from (_compare_and_set.ps1).
    [hashtable]
    $Expected = @{}
)

$ErrorActionPreference = 'Stop'
# Apply scripts run without SupportsShouldProcess, so win_powershell passes no -Confirm:$false: a cmdlet whose
# ConfirmImpact reaches $ConfirmPreference would prompt, which a non-interactive session cannot answer.
# about_Preference_Variables ($ConfirmPreference): https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables
$ConfirmPreference = 'None'

# include: _configmgr_logs.ps1
# include: _configmgr_connect.ps1
# include: _site_system_current.ps1

$logs = Get-CMLogPosition -Name @('WCM.log')
$target = @{ SiteSystemServerName = $SiteSystemServerName; SiteCode = $SiteCode }

# Before the first change: the settings it changes, read as the probe does (_site_system_current.ps1).
Assert-Unchanged -Expected $Expected -Current (Get-SiteSystemCurrent -SiteSystemServerName $SiteSystemServerName -SiteCode $SiteCode)

if ($CreateAccount) {
    $null = New-CMAccount -UserName $ProxyAccountName -Password $Password -SiteCode $SiteCode
}
if ($UpdatePassword) {
    # Set-CMAccount writes the account object: https://learn.microsoft.com/powershell/module/configurationmanager/set-cmaccount
    $null = Set-CMAccount -UserName $ProxyAccountName -Password $Password -SiteCode $SiteCode
}

# Flags that turn off go before the proxy changes, flags that turn on after it.
$flagsOff = $target.Clone()
$flagsOn = $target.Clone()
if ($UseProxy -eq $false) { $flagsOff.UseProxy = $false } elseif ($UseProxy) { $flagsOn.UseProxy = $true }
if ($UseProxyForAdr -eq $false) { $flagsOff.UseProxyForAutoDeploymentRule = $false }
elseif ($UseProxyForAdr) { $flagsOn.UseProxyForAutoDeploymentRule = $true }
if ($flagsOff.Count -gt $target.Count) {
    Set-CMSoftwareUpdatePoint @flagsOff
}

if ($null -ne $EnableProxy) {
    $proxy = $target.Clone()
    $proxy.EnableProxy = $EnableProxy
    if ($EnableProxy) {
        $proxy.ProxyServerName = $ProxyServerName
        $proxy.ProxyServerPort = [uint32]$ProxyServerPort
        if ($ProxyAccountName) {
            $proxy.ProxyAccessAccount = Get-CMAccount -UserName $ProxyAccountName -SiteCode $SiteCode
        }
    }
    Set-CMSiteSystemServer @proxy
}

if ($flagsOn.Count -gt $target.Count) {
    Set-CMSoftwareUpdatePoint @flagsOn
}
Pop-Location

[PSCustomObject]@{
    logs = $logs
}
