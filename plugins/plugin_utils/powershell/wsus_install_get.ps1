# op: wsus_install/get
# Read-only probe for configmgr.sup.wsus_install: WSUS feature states, the WSUS setup registry
# values and the post-install state ("Installed Role Services": 1 = pending, 2 = configured).
# Python decides; this script only reads.
# Get-WindowsFeature (ServerManager): https://learn.microsoft.com/powershell/module/servermanager/get-windowsfeature
# Setup key values: https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/wsus-maintenance-guide
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)]
    [string[]]
    $FeatureName
)

$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false

$features = @{}
foreach ($feature in (Get-WindowsFeature -Name $FeatureName)) {
    $features[$feature.Name] = [string]$feature.InstallState
}

$setupKey = 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup'
$setup = @{}
$roleServices = @{}
if (Test-Path -LiteralPath $setupKey) {
    $key = Get-Item -LiteralPath $setupKey
    foreach ($name in @('ContentDir', 'SqlServerName', 'SqlDatabaseName', 'PortNumber', 'UsingSSL', 'ServerCertificateName')) {
        $setup[$name] = $key.GetValue($name)
    }
    $rolesKey = Join-Path -Path $setupKey -ChildPath 'Installed Role Services'
    if (Test-Path -LiteralPath $rolesKey) {
        $roles = Get-Item -LiteralPath $rolesKey
        foreach ($valueName in $roles.GetValueNames()) {
            $roleServices[$valueName] = [int]$roles.GetValue($valueName)
        }
    }
}

$version = $null
$wsusUtil = Join-Path -Path $env:ProgramFiles -ChildPath 'Update Services\Tools\WsusUtil.exe'
if (Test-Path -LiteralPath $wsusUtil) {
    $version = [string](Get-Item -LiteralPath $wsusUtil).VersionInfo.ProductVersion
}

[PSCustomObject]@{
    features = $features
    setup = $setup
    role_services = $roleServices
    version = $version
}
