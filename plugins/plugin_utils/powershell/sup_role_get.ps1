# Read-only probe for configmgr.sup.sup_role, on the site server:
# the site system server and its roles, the software update point's embedded properties, which
# accounts exist in Configuration Manager, whether the WSUS API is on this site server, and the
# positions of SMSProv.log, SiteComp.log and WCM.log.
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
$LogName = @('SMSProv.log', 'SiteComp.log', 'WCM.log')

# include: _site_system_probe.ps1
