# Apply script for configmgr.sup.wsus_install: does only what the controller asked for, in order:
# remove features, install features, WsusUtil postinstall, WsusUtil usecustomwebsite.
# It reports WsusUtil exit codes and log lines; the controller decides whether that is success.
# Install-WindowsFeature / Uninstall-WindowsFeature (ServerManager):
#   https://learn.microsoft.com/powershell/module/servermanager/install-windowsfeature
# WsusUtil.exe postinstall / usecustomwebsite:
#   https://learn.microsoft.com/windows-server/administration/windows-server-update-services/manage/managing-wsus-from-the-command-line-using-wsusutil
[CmdletBinding()]
param (
    [string[]]
    $InstallFeature = @(),

    [string[]]
    $RemoveFeature = @(),

    [switch]
    $PostInstall,

    [string]
    $ContentDir,

    [string]
    $SqlInstance,

    # Where Install-WindowsFeature finds the files of a feature whose payload was removed.
    [string]
    $Source,

    [ValidateSet('', 'true', 'false')]
    [string]
    $UseCustomWebsite = '',

    # Setting -> the value the plan was computed from (_compare_and_set.ps1).
    [hashtable]
    $Expected = @{}
)

$ErrorActionPreference = 'Stop'
# Apply scripts run without SupportsShouldProcess, so win_powershell passes no -Confirm:$false: a cmdlet whose
# ConfirmImpact reaches $ConfirmPreference would prompt, which a non-interactive session cannot answer.
# about_Preference_Variables ($ConfirmPreference): https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables
$ConfirmPreference = 'None'

# include: _wsus_state.ps1
# include: _compare_and_set.ps1

# Before the first change: the features it changes, the post-install state and the port, read as the probe does.
# Get-WindowsFeature (ServerManager): https://learn.microsoft.com/powershell/module/servermanager/get-windowsfeature
$features = @{}
$changing = @($InstallFeature) + @($RemoveFeature)
if ($changing.Count -gt 0) {
    foreach ($feature in (Get-WindowsFeature -Name $changing)) {
        $features[$feature.Name] = [string]$feature.InstallState
    }
}
$wsus = Get-WsusSetup
Assert-Unchanged -Expected $Expected -Current @{ features = $features; setup = $wsus.setup; role_services = $wsus.role_services }

$wsusUtil = Join-Path -Path $env:ProgramFiles -ChildPath 'Update Services\Tools\WsusUtil.exe'

function Invoke-WsusUtil {
    # Native stderr must not become a terminating error: collect every line and the exit code.
    param ([string[]] $ArgumentList)
    $previous = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    try {
        $lines = @(& $wsusUtil @ArgumentList 2>&1 | ForEach-Object { [string]$_ })
        $code = $LASTEXITCODE
    }
    finally {
        $ErrorActionPreference = $previous
    }
    [PSCustomObject]@{ exit_code = $code; output = $lines }
}

$restartNeeded = $false
if ($RemoveFeature.Count -gt 0) {
    $removed = Uninstall-WindowsFeature -Name $RemoveFeature
    $restartNeeded = $restartNeeded -or ([string]$removed.RestartNeeded -eq 'Yes')
}
if ($InstallFeature.Count -gt 0) {
    $install = @{ Name = $InstallFeature }
    if ($Source) { $install.Source = $Source }
    $added = Install-WindowsFeature @install
    $restartNeeded = $restartNeeded -or ([string]$added.RestartNeeded -eq 'Yes')
}

$postInstallResult = $null
if ($PostInstall -and -not $restartNeeded) {
    $arguments = @('postinstall')
    if ($ContentDir) {
        $arguments += "CONTENT_DIR=$ContentDir"
    }
    if ($SqlInstance) {
        $arguments += "SQL_INSTANCE_NAME=$SqlInstance"
    }
    $run = Invoke-WsusUtil -ArgumentList $arguments
    # WsusUtil prints where its log is: %TEMP%\WSUS_PostInstall_<time>.log (older builds tmpXXXX.tmp).
    $logPath = $null
    $logTail = @()
    foreach ($line in $run.output) {
        if ($line -match '([A-Za-z]:\\[^"<>|]+\.(log|tmp))') {
            $logPath = $Matches[1]
            break
        }
    }
    if ($logPath -and (Test-Path -LiteralPath $logPath)) {
        $logTail = @(Get-Content -LiteralPath $logPath -Tail 200)
    }
    $postInstallResult = [PSCustomObject]@{
        exit_code = $run.exit_code
        output = $run.output
        log_path = $logPath
        log_tail = $logTail
    }
}

$siteResult = $null
if ($UseCustomWebsite -and -not $restartNeeded -and ($null -eq $postInstallResult -or $postInstallResult.exit_code -eq 0)) {
    $siteResult = Invoke-WsusUtil -ArgumentList @('usecustomwebsite', $UseCustomWebsite)
}

# What the host has now: a post-install that failed half way leaves some role services at 1.
$wsusNow = Get-WsusSetup
[PSCustomObject]@{
    restart_needed = $restartNeeded
    version = $wsusNow.version
    role_services = $wsusNow.role_services
    postinstall = $postInstallResult
    custom_website = $siteResult
}
