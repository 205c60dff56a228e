# ---- from _configmgr_connect.ps1: load the ConfigurationManager module and enter the site drive.
# Sets $SiteCode when the caller did not give one (from the site server's SMS Identification key).
# Getting started with Configuration Manager cmdlets: https://learn.microsoft.com/powershell/sccm/overview
# SMS_ProviderLocation (root\sms: where the site's SMS Provider is):
#   https://learn.microsoft.com/mem/configmgr/develop/reference/core/servers/configure/sms_providerlocation-server-wmi-class
# Get-ExecutionPolicy: https://learn.microsoft.com/powershell/module/microsoft.powershell.security/get-executionpolicy
# Get-AuthenticodeSignature: https://learn.microsoft.com/powershell/module/microsoft.powershell.security/get-authenticodesignature
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
    $cmModule = Join-Path -Path $env:SMS_ADMIN_UI_PATH -ChildPath '..\ConfigurationManager.psd1'
    # Under AllSigned, the first import of a module whose publisher this host does not trust asks "Do you
    # want to run software from this untrusted publisher?", which a remote session cannot answer.
    if ([string](Get-ExecutionPolicy) -eq 'AllSigned') {
        $signer = (Get-AuthenticodeSignature -FilePath $cmModule).SignerCertificate
        if ($signer -and -not (Test-Path -LiteralPath "Cert:\LocalMachine\TrustedPublisher\$($signer.Thumbprint)")) {
            throw ('The execution policy is AllSigned and the publisher of the ConfigurationManager module ({0}, {1}) is not in Cert:\LocalMachine\TrustedPublisher: importing it would ask for confirmation, which this non-interactive session cannot give. Trust the publisher once (import its certificate into the Trusted Publishers store of the computer), then run the task again' -f $signer.Subject, $signer.Thumbprint)
        }
    }
    Import-Module -Name $cmModule
}
if (-not (Get-PSDrive -Name $SiteCode -PSProvider CMSite -ErrorAction SilentlyContinue)) {
    # The site's SMS Provider, which may be on another server than the site server.
    $provider = $env:COMPUTERNAME
    $location = @(Get-CimInstance -Namespace 'root\sms' -ClassName SMS_ProviderLocation -ErrorAction SilentlyContinue |
            Where-Object { $_.SiteCode -eq $SiteCode -and $_.ProviderForLocalSite })
    if ($location.Count -gt 0) {
        $provider = [string]$location[0].Machine
    }
    try {
        # -WhatIf:$false: a probe runs with -WhatIf in check mode and still needs the drive.
        $null = New-PSDrive -Name $SiteCode -PSProvider CMSite -Root $provider -WhatIf:$false
    }
    catch {
        $hint = ''
        if ($provider.Split('.')[0] -ne $env:COMPUTERNAME) {
            $hint = ' The SMS Provider is on another server: from this WinRM session that is a second hop, which Windows does not allow with the default logon. Run the task with become (runas) or CredSSP, or on the SMS Provider server.'
        }
        throw ('Cannot connect to the SMS Provider of site {0} on {1}: {2}{3}' -f $SiteCode, $provider, $_.Exception.Message, $hint)
    }
}
Push-Location -LiteralPath "$($SiteCode):\"
# ---- end of _configmgr_connect.ps1
