# ---- from _site_system_current.ps1: what an apply script on the site server compares before its first change.
# The site system server and its software update point, read as _site_system_probe.ps1 does, in the paths the
# controller's Expected uses (_compare_and_set.ps1): exists/server, server/<property>/<field>, sup/<property>/<field>.
# Get-CMSiteSystemServer: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsitesystemserver
# Get-CMSoftwareUpdatePoint: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatepoint
# include: _configmgr_props.ps1
# include: _compare_and_set.ps1
function Get-SiteSystemCurrent {
    param ([string] $SiteSystemServerName, [string] $SiteCode)
    $server = Get-CMSiteSystemServer -SiteSystemServerName $SiteSystemServerName -SiteCode $SiteCode
    $sup = Get-CMSoftwareUpdatePoint -SiteSystemServerName $SiteSystemServerName -SiteCode $SiteCode
    @{
        exists = @{ server = [bool]$server; sup = [bool]$sup }
        server = ConvertTo-PropTable -SiteControlObject $server
        sup = ConvertTo-PropTable -SiteControlObject $sup
    }
}
# ---- end of _site_system_current.ps1
