# Apply script for configmgr.sup.sup_role, on the site server: creates or updates the site system
# server, then adds, updates or removes the software update point role, with only the settings the
# controller passed. The log positions are taken just before the change.
# New-CMSiteSystemServer / Set-CMSiteSystemServer:
#   https://learn.microsoft.com/powershell/module/configurationmanager/new-cmsitesystemserver
# Add-CMSoftwareUpdatePoint: https://learn.microsoft.com/powershell/module/configurationmanager/add-cmsoftwareupdatepoint
# Set-CMSoftwareUpdatePoint: https://learn.microsoft.com/powershell/module/configurationmanager/set-cmsoftwareupdatepoint
# Remove-CMSoftwareUpdatePoint: https://learn.microsoft.com/powershell/module/configurationmanager/remove-cmsoftwareupdatepoint
[CmdletBinding()]
param (
    [Parameter(Mandatory)]
    [string]
    $SiteCode,

    [Parameter(Mandatory)]
    [string]
    $SiteSystemServerName,

    [ValidateSet('', 'create', 'update')]
    [string]
    $Server = '',

    [string]
    $PublicFqdn,

    [string]
    $AccountName,

    [switch]
    $UseSiteServerAccount,

    [Nullable[bool]]
    $FdmOperation,

    [ValidateSet('', 'add', 'update', 'remove')]
    [string]
    $Role = '',

    [Nullable[int]]
    $HttpPort,

    [Nullable[int]]
    $HttpsPort,

    [Nullable[bool]]
    $Ssl,

    [ValidateSet('', 'Intranet', 'Internet', 'InternetAndIntranet')]
    [string]
    $ClientConnectionType = '',

    [Nullable[bool]]
    $CloudGateway,

    [string]
    $ConnectionAccount,

    [switch]
    $AnonymousAccess,

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

$logs = Get-CMLogPosition -Name @('SMSProv.log', 'SiteComp.log', 'WCM.log')
$target = @{ SiteSystemServerName = $SiteSystemServerName; SiteCode = $SiteCode }

# Before the first change: the settings it changes, read as the probe does (_site_system_current.ps1).
Assert-Unchanged -Expected $Expected -Current (Get-SiteSystemCurrent -SiteSystemServerName $SiteSystemServerName -SiteCode $SiteCode)

if ($Server) {
    $settings = $target.Clone()
    if ($PSBoundParameters.ContainsKey('PublicFqdn')) { $settings.PublicFqdn = $PublicFqdn }
    if ($AccountName) { $settings.AccountName = $AccountName }
    if ($UseSiteServerAccount) { $settings.UseSiteServerAccount = $true }
    if ($null -ne $FdmOperation) { $settings.FdmOperation = $FdmOperation }
    if ($Server -eq 'create') {
        $null = New-CMSiteSystemServer @settings
    }
    else {
        Set-CMSiteSystemServer @settings
    }
}

if ($Role -eq 'add') {
    $settings = $target.Clone()
    if ($null -ne $HttpPort) { $settings.WsusIisPort = $HttpPort }
    if ($null -ne $HttpsPort) { $settings.WsusIisSslPort = $HttpsPort }
    if ($null -ne $Ssl) { $settings.WsusSsl = $Ssl }
    if ($ClientConnectionType) { $settings.ClientConnectionType = $ClientConnectionType }
    if ($CloudGateway) { $settings.EnableCloudGateway = $true }
    if ($ConnectionAccount) { $settings.ConnectionAccountUserName = $ConnectionAccount }
    if ($AnonymousAccess) { $settings.AnonymousWsusAccess = $true }
    $null = Add-CMSoftwareUpdatePoint @settings
}
elseif ($Role -eq 'update') {
    $settings = $target.Clone()
    if ($null -ne $HttpPort) { $settings.HttpPort = $HttpPort }
    if ($null -ne $HttpsPort) { $settings.HttpsPort = $HttpsPort }
    if ($null -ne $Ssl) { $settings.EnableSsl = $Ssl }
    if ($ClientConnectionType) { $settings.ClientConnectionType = $ClientConnectionType }
    if ($null -ne $CloudGateway) { $settings.EnableCloudGateway = $CloudGateway }
    if ($ConnectionAccount) { $settings.WsusAccessAccount = $ConnectionAccount }
    if ($AnonymousAccess) { $settings.AnonymousWsusAccess = $true }
    Set-CMSoftwareUpdatePoint @settings
}
elseif ($Role -eq 'remove') {
    Remove-CMSoftwareUpdatePoint @target -Force
}
Pop-Location

[PSCustomObject]@{
    logs = $logs
}
