# Read-only probe for configmgr.sup.wsus_ssl_vroots: WSUS setup values, the https bindings and
# the sslFlags of the WSUS virtual roots on the candidate sites, and the machine's certificates.
# Python decides; this script only reads.
# Setup values and the site's SSL state: _wsus_state.ps1 (WebAdministration, setup key).
# Require SSL on the five WSUS roots:
#   https://learn.microsoft.com/mem/configmgr/sum/get-started/software-update-point-ssl
# Certificate provider: https://learn.microsoft.com/powershell/module/microsoft.powershell.security/about/about_certificate_provider
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)]
    [string[]]
    $SiteName,

    [Parameter(Mandatory)]
    [string[]]
    $VrootName
)

$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false

# include: _wsus_state.ps1

$wsus = Get-WsusSetup
Import-Module -Name WebAdministration
$sites = @{}
foreach ($site in $SiteName) {
    $sites[$site] = Get-WsusSiteSsl -Site $site -Vroot $VrootName
}

$certificates = @(foreach ($cert in (Get-ChildItem -LiteralPath 'Cert:\LocalMachine\My')) {
        @{
            thumbprint = $cert.Thumbprint
            subject = $cert.Subject
            dns_names = @($cert.DnsNameList | ForEach-Object { [string]$_.Unicode })
            not_before = $cert.NotBefore.ToUniversalTime().ToString('s')
            not_after = $cert.NotAfter.ToUniversalTime().ToString('s')
            eku = @($cert.EnhancedKeyUsageList | ForEach-Object { [string]$_.ObjectId })
            has_private_key = [bool]$cert.HasPrivateKey
        }
    })

$computer = Get-CimInstance -ClassName Win32_ComputerSystem
[PSCustomObject]@{
    setup = $wsus.setup
    role_services = $wsus.role_services
    host_fqdn = ('{0}.{1}' -f $computer.DNSHostName, $computer.Domain).ToLowerInvariant()
    now = (Get-Date).ToUniversalTime().ToString('s')
    sites = $sites
    certificates = $certificates
}
