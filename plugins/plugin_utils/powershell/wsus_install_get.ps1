# Read-only probe for configmgr.sup.wsus_install: WSUS feature states, the WSUS setup registry
# values and the post-install state ("Installed Role Services": 1 = pending, 2 = configured).
# Python decides; this script only reads.
# Get-WindowsFeature (ServerManager): https://learn.microsoft.com/powershell/module/servermanager/get-windowsfeature
# The setup values and the version come from _wsus_state.ps1.
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

# include: _wsus_state.ps1

$wsus = Get-WsusSetup

[PSCustomObject]@{
    features = $features
    setup = $wsus.setup
    role_services = $wsus.role_services
    version = $wsus.version
}
