# Read-only probe for configmgr.sup.sup_proxy, on the site server:
# the site system server's proxy settings and roles, the software update point's proxy
# flags, whether the proxy account exists in Configuration Manager, and the WCM.log position.
# Python decides; this script only reads. The cmdlets and their documentation are in the fragment.
# ConfigurationManager module: https://learn.microsoft.com/powershell/module/configurationmanager/
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)]
    [string]
    $SiteSystemServerName,

    [string]
    $SiteCode,

    [string[]]
    $AccountName = @()
)

$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false
$LogName = @('WCM.log')

# include: _site_system_probe.ps1
