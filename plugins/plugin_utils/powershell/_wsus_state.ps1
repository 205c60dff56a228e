# ---- from _wsus_state.ps1: WSUS setup values, post-install state, version, and the SSL state of a site.
# Setup key values: https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/wsus-maintenance-guide
# Get-WebBinding / Get-WebConfiguration (WebAdministration):
#   https://learn.microsoft.com/powershell/module/webadministration/get-webconfiguration
function Get-WsusSetup {
    # Setup values, "Installed Role Services" (1 = post-install pending, 2 = configured), WsusUtil version.
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
    @{ setup = $setup; role_services = $roleServices; version = $version }
}

function Get-WsusSiteSsl {
    # The https bindings of an IIS site and the sslFlags of the named virtual roots that exist on it.
    param ([string] $Site, [string[]] $Vroot)
    if (-not (Test-Path -LiteralPath "IIS:\Sites\$Site")) {
        return @{ exists = $false; https = @(); vroots = @{} }
    }
    $https = @(foreach ($binding in @(Get-WebBinding -Name $Site -Protocol https)) {
            # bindingInformation is "<ip>:<port>:<host header>"
            $parts = ([string]$binding.bindingInformation).Split(':')
            @{ port = [int]$parts[1]; thumbprint = [string]$binding.certificateHash; store = [string]$binding.certificateStoreName }
        })
    $vroots = @{}
    foreach ($name in $Vroot) {
        if (Test-Path -LiteralPath "IIS:\Sites\$Site\$name") {
            # The property getter can return an object without a value: read the whole section.
            $access = Get-WebConfiguration -PSPath 'MACHINE/WEBROOT/APPHOST' -Location "$Site/$name" -Filter 'system.webServer/security/access'
            $vroots[$name] = [string]$access.sslFlags
        }
    }
    @{ exists = $true; https = $https; vroots = $vroots }
}
# ---- end of _wsus_state.ps1
