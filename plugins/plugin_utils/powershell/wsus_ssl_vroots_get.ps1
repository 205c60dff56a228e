# op: wsus_ssl_vroots/get
# Read-only probe for configmgr.sup.wsus_ssl_vroots: WSUS setup values, the https bindings and
# the sslFlags of the WSUS virtual roots on the candidate sites, and the machine's certificates.
# Python decides; this script only reads.
# Get-WebBinding / Get-WebConfiguration (WebAdministration):
#   https://learn.microsoft.com/powershell/module/webadministration/get-webconfiguration
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

$setupKey = 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup'
$setup = @{}
$roleServices = @{}
if (Test-Path -LiteralPath $setupKey) {
    $key = Get-Item -LiteralPath $setupKey
    foreach ($name in @('PortNumber', 'UsingSSL', 'ServerCertificateName')) {
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

Import-Module -Name WebAdministration
$sites = @{}
foreach ($site in $SiteName) {
    if (-not (Test-Path -LiteralPath "IIS:\Sites\$site")) {
        $sites[$site] = @{ exists = $false; https = @(); vroots = @{} }
        continue
    }
    $https = @(foreach ($binding in @(Get-WebBinding -Name $site -Protocol https)) {
            # bindingInformation is "<ip>:<port>:<host header>"
            $parts = ([string]$binding.bindingInformation).Split(':')
            @{ port = [int]$parts[1]; thumbprint = [string]$binding.certificateHash; store = [string]$binding.certificateStoreName }
        })
    $vroots = @{}
    foreach ($vroot in $VrootName) {
        if (Test-Path -LiteralPath "IIS:\Sites\$site\$vroot") {
            # The property getter can return an object without a value: read the whole section.
            $access = Get-WebConfiguration -PSPath 'MACHINE/WEBROOT/APPHOST' -Location "$site/$vroot" -Filter 'system.webServer/security/access'
            $vroots[$vroot] = [string]$access.sslFlags
        }
    }
    $sites[$site] = @{ exists = $true; https = $https; vroots = $vroots }
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
    setup = $setup
    role_services = $roleServices
    host_fqdn = ('{0}.{1}' -f $computer.DNSHostName, $computer.Domain).ToLowerInvariant()
    now = (Get-Date).ToUniversalTime().ToString('s')
    sites = $sites
    certificates = $certificates
}
