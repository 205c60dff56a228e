# Apply script for configmgr.sup.wsus_ssl_vroots: does only what the controller asked for, in order:
# bind the certificate to the site's https binding, set sslFlags on the named virtual roots, then
# tell WSUS (WsusUtil.exe configuressl) or revert it to HTTP (UsingSSL = 0).
# New-WebBinding / Get-WebBinding, binding AddSslCertificate (WebAdministration):
#   https://learn.microsoft.com/powershell/module/webadministration/new-webbinding
# Set-WebConfigurationProperty: https://learn.microsoft.com/powershell/module/webadministration/set-webconfigurationproperty
# WsusUtil.exe configuressl:
#   https://learn.microsoft.com/windows-server/administration/windows-server-update-services/manage/managing-wsus-from-the-command-line-using-wsusutil
[CmdletBinding()]
param (
    [Parameter(Mandatory)]
    [string]
    $SiteName,

    [int]
    $HttpsPort,

    [string]
    $Thumbprint,

    [hashtable]
    $SslFlags = @{},

    [string]
    $ConfigureSslFqdn,

    [switch]
    $DisableSsl,

    # Setting -> the value the plan was computed from (_compare_and_set.ps1).
    [hashtable]
    $Expected = @{}
)

$ErrorActionPreference = 'Stop'
# Apply scripts run without SupportsShouldProcess, so win_powershell passes no -Confirm:$false: a cmdlet whose
# ConfirmImpact reaches $ConfirmPreference would prompt, which a non-interactive session cannot answer.
# about_Preference_Variables ($ConfirmPreference): https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables
$ConfirmPreference = 'None'
Import-Module -Name WebAdministration
# include: _wsus_state.ps1
# include: _compare_and_set.ps1

# Before the first change: the port, the binding's certificate, the roots' sslFlags and UsingSSL, read as the probe does.
$wsus = Get-WsusSetup
$site = Get-WsusSiteSsl -Site $SiteName -Vroot @($SslFlags.Keys)
$boundNow = @{}
foreach ($https in @($site.https | Where-Object { $_.port -eq $HttpsPort })) {
    $boundNow.thumbprint = $https.thumbprint
}
Assert-Unchanged -Expected $Expected -Current @{ setup = $wsus.setup; binding = $boundNow; vroots = $site.vroots }

if ($Thumbprint) {
    $binding = Get-WebBinding -Name $SiteName -Protocol https -Port $HttpsPort
    if (-not $binding) {
        New-WebBinding -Name $SiteName -Protocol https -Port $HttpsPort
        $binding = Get-WebBinding -Name $SiteName -Protocol https -Port $HttpsPort
    }
    # http.sys holds one certificate per binding: the old one goes first. Should the new one not bind
    # (private key permissions, a CNG key, another store), the old one goes back, so WSUS never stays on
    # its https port without a certificate; the error is still raised.
    $previousHash = [string]$binding.certificateHash
    $previousStore = [string]$binding.certificateStoreName
    if ($previousHash) {
        $binding.RemoveSslCertificate()
    }
    try {
        $binding.AddSslCertificate($Thumbprint, 'My')
    }
    catch {
        if ($previousHash) {
            if (-not $previousStore) { $previousStore = 'My' }
            $binding.AddSslCertificate($previousHash, $previousStore)
        }
        throw
    }
}

foreach ($vroot in $SslFlags.Keys) {
    Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location "$SiteName/$vroot" `
        -Filter 'system.webServer/security/access' -Name sslFlags -Value $SslFlags[$vroot]
}

$configureSsl = $null
if ($ConfigureSslFqdn) {
    $wsusUtil = Join-Path -Path $env:ProgramFiles -ChildPath 'Update Services\Tools\WsusUtil.exe'
    $previous = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    try {
        $lines = @(& $wsusUtil configuressl $ConfigureSslFqdn 2>&1 | ForEach-Object { [string]$_ })
        $code = $LASTEXITCODE
    }
    finally {
        $ErrorActionPreference = $previous
    }
    $configureSsl = [PSCustomObject]@{ exit_code = $code; output = $lines }
}

if ($DisableSsl) {
    # WsusUtil has no verb to turn SSL off; WSUS reads UsingSSL from its setup key.
    Set-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup' -Name UsingSSL -Value 0
}

[PSCustomObject]@{
    configure_ssl = $configureSsl
}
