# ---- from _configmgr_connect.ps1: load the ConfigurationManager module and enter the site drive.
# Sets $SiteCode when the caller did not give one (from the site server's SMS Identification key).
# Getting started with Configuration Manager cmdlets: https://learn.microsoft.com/powershell/sccm/overview
if (-not $env:SMS_ADMIN_UI_PATH) {
    throw 'The Configuration Manager console is not installed on this host (SMS_ADMIN_UI_PATH is not set); run this task on the site server, where the SMS Provider and the console are'
}
if (-not $SiteCode) {
    $identification = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\SMS\Identification' -ErrorAction SilentlyContinue
    $SiteCode = [string]$identification.'Site Code'
    if (-not $SiteCode) {
        throw 'No site code was given and this host is not a site server (HKLM\SOFTWARE\Microsoft\SMS\Identification has no Site Code); set site_code'
    }
}
if (-not (Get-Module -Name ConfigurationManager)) {
    Import-Module -Name (Join-Path -Path $env:SMS_ADMIN_UI_PATH -ChildPath '..\ConfigurationManager.psd1')
}
if (-not (Get-PSDrive -Name $SiteCode -PSProvider CMSite -ErrorAction SilentlyContinue)) {
    # -WhatIf:$false: a probe runs with -WhatIf in check mode and still needs the drive.
    $null = New-PSDrive -Name $SiteCode -PSProvider CMSite -Root $env:COMPUTERNAME -WhatIf:$false
}
Push-Location -LiteralPath "$($SiteCode):\"
# ---- end of _configmgr_connect.ps1
