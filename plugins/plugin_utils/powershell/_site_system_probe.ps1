# ---- from _site_system_probe.ps1: what sup_role and sup_proxy read on the site server.
# Expects $SiteSystemServerName, $SiteCode (may be empty), $AccountName and $LogName.
# Get-CMSiteSystemServer: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsitesystemserver
# Get-CMSiteRole: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsiterole
# Get-CMSoftwareUpdatePoint: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatepoint
# Get-WindowsFeature (ServerManager): https://learn.microsoft.com/powershell/module/servermanager/get-windowsfeature
# include: _configmgr_props.ps1
# include: _configmgr_logs.ps1
# include: _configmgr_connect.ps1

$server = Get-CMSiteSystemServer -SiteSystemServerName $SiteSystemServerName -SiteCode $SiteCode
$roles = @()
if ($server) {
    $roles = @(Get-CMSiteRole -SiteSystemServerName $SiteSystemServerName -SiteCode $SiteCode | ForEach-Object { [string]$_.RoleName })
}
$sup = Get-CMSoftwareUpdatePoint -SiteSystemServerName $SiteSystemServerName -SiteCode $SiteCode
$accounts = @{}
foreach ($name in $AccountName) {
    $accounts[$name] = [bool](Get-CMAccount -UserName $name -SiteCode $SiteCode)
}
Pop-Location

$computer = Get-CimInstance -ClassName Win32_ComputerSystem
[PSCustomObject]@{
    site_code = $SiteCode
    site_server = ('{0}.{1}' -f $computer.DNSHostName, $computer.Domain).ToLowerInvariant()
    server = @{ exists = [bool]$server; roles = $roles; props = (ConvertTo-PropTable -SiteControlObject $server) }
    sup = @{ exists = [bool]$sup; props = (ConvertTo-PropTable -SiteControlObject $sup) }
    accounts = $accounts
    wsus_api = [string](Get-WindowsFeature -Name UpdateServices-API).InstallState
    logs = Get-CMLogPosition -Name $LogName
}
# ---- end of _site_system_probe.ps1
