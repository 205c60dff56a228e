# Read-only probe for configmgr.sup.sup_info: everything configmgr.sup manages on this host, in one
# round trip. WSUS (features, setup values, post-install state, SSL of its site), the connection
# account's local groups, the services, and on a site server the software update points, their
# site system proxies and the log positions. Sections that do not apply are left empty.
# Get-WindowsFeature: https://learn.microsoft.com/powershell/module/servermanager/get-windowsfeature
# WSUS setup values and the site's SSL state: _wsus_state.ps1 (WebAdministration, setup key).
# Get-Service: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/get-service
# Get-CMSoftwareUpdatePoint: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatepoint
# Get-CMAccount: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmaccount
[CmdletBinding(SupportsShouldProcess)]
param (
    [string]
    $ConnectionAccount,

    [string]
    $SiteCode,

    [string[]]
    $LogName = @(),

    # Names whose Configuration Manager account to look up (site server); none, no lookup.
    [string[]]
    $ConfigMgrAccount = @()
)

$ErrorActionPreference = 'Stop'
$Ansible.Changed = $false

# include: _resolve_account.ps1
# include: _local_group_members.ps1
# include: _configmgr_props.ps1
# include: _configmgr_logs.ps1
# include: _wsus_state.ps1

$features = @{}
foreach ($feature in (Get-WindowsFeature -Name 'UpdateServices*')) {
    $features[$feature.Name] = [string]$feature.InstallState
}
$wsus = Get-WsusSetup
$setup = $wsus.setup
$site = @{}
if ($setup.PortNumber) {
    Import-Module -Name WebAdministration
    $siteName = 'WSUS Administration'
    if ([int]$setup.PortNumber -eq 80) { $siteName = 'Default Web Site' }
    $vroots = @('ApiRemoting30', 'ClientWebService', 'DSSAuthWebService', 'ServerSyncWebService', 'SimpleAuthWebService', 'Content')
    $site = Get-WsusSiteSsl -Site $siteName -Vroot $vroots
    $site.name = $siteName
}

$groups = @{}
$account = $null
if ($ConnectionAccount) {
    $account = Resolve-Account -Name $ConnectionAccount
    foreach ($group in @((Get-LocalGroup -SID 'S-1-5-32-544'), (Get-LocalGroup -Name 'WSUS Administrators' -ErrorAction SilentlyContinue))) {
        if ($group) {
            $groups[$group.Name] = @(Get-LocalGroupMemberSid -GroupSid $group.SID.Value -GroupName $group.Name | ForEach-Object { $_.sid })
        }
    }
}

$services = @{}
foreach ($service in (Get-Service -Name 'WsusService', 'W3SVC', 'SMS_EXECUTIVE', 'SMS_SITE_COMPONENT_MANAGER' -ErrorAction SilentlyContinue)) {
    $services[$service.Name] = [string]$service.Status
}

$configmgr = $null
# Only a site server has a site to read. A host with only the console (an admin server, a SUP with the
# console) has no SMS Identification key and no SMS Provider; its report leaves configmgr empty.
$identification = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\SMS\Identification' -ErrorAction SilentlyContinue
if ($env:SMS_ADMIN_UI_PATH -and $identification -and $identification.'Site Code') {
# include: _configmgr_connect.ps1
    $sups = @(foreach ($sup in @(Get-CMSoftwareUpdatePoint -SiteCode $SiteCode)) {
            $server = Get-CMSiteSystemServer -SiteSystemServerName $sup.NetworkOSPath.Trim('\') -SiteCode $SiteCode
            @{ server = $sup.NetworkOSPath.Trim('\'); props = (ConvertTo-PropTable -SiteControlObject $sup)
                site_system = (ConvertTo-PropTable -SiteControlObject $server) }
        })
# include: _sup_info_accounts.ps1
    Pop-Location
    $configmgr = @{ site_code = $SiteCode; sups = $sups; logs = (Get-CMLogPosition -Name $LogName); accounts = $accounts }
}

# Preflight facts: OS build, WSUS version, server certificates, the machine (SYSTEM) WinHTTP proxy.
# WinHttpSettings is what "netsh winhttp show proxy" shows: https://learn.microsoft.com/windows/win32/winhttp/netsh-exe-commands
$os = Get-CimInstance -ClassName Win32_OperatingSystem
$certificates = @(foreach ($cert in (Get-ChildItem -LiteralPath 'Cert:\LocalMachine\My')) {
        @{ thumbprint = $cert.Thumbprint; dns_names = @($cert.DnsNameList | ForEach-Object { [string]$_.Unicode })
            not_before = $cert.NotBefore.ToUniversalTime().ToString('s'); not_after = $cert.NotAfter.ToUniversalTime().ToString('s')
            has_private_key = [bool]$cert.HasPrivateKey; eku = @($cert.EnhancedKeyUsageList | ForEach-Object { [string]$_.ObjectId }) }
    })
$winhttp = (Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections' -Name WinHttpSettings -ErrorAction SilentlyContinue).WinHttpSettings
$winhttpSettings = ''
if ($winhttp) { $winhttpSettings = [Convert]::ToBase64String($winhttp) }

$computer = Get-CimInstance -ClassName Win32_ComputerSystem
[PSCustomObject]@{
    os = @{ caption = [string]$os.Caption; build = [int]$os.BuildNumber }
    version = $wsus.version
    certificates = $certificates
    winhttp_settings = $winhttpSettings
    now = (Get-Date).ToUniversalTime().ToString('s')
    host_fqdn = ('{0}.{1}' -f $computer.DNSHostName, $computer.Domain).ToLowerInvariant()
    features = $features
    setup = $setup
    role_services = $wsus.role_services
    site = $site
    account = $account
    groups = $groups
    services = $services
    configmgr = $configmgr
}
