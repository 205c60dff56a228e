# ---- from _sup_component_read.ps1: the software update point component of a site, as plain values.
# Read by the probe and, just before the change, by the apply script (compare-and-set: the paths the
# controller's Expected uses, _compare_and_set.ps1): component/<property>/<field>, sync/<property>/<field>,
# alert/exists and categories/<CategoryInstance_UniqueID>.
# Get-CMSoftwareUpdatePointComponent (SMS_SCI_Component SMS_WSUS_CONFIGURATION_MANAGER):
#   https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatepointcomponent
# Get-CMSiteComponent (SMS_WSUS_SYNC_MANAGER: schedule, express files, maximum run times):
#   https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsitecomponent
# Get-CMAlert (the synchronization failure alert): https://learn.microsoft.com/powershell/module/configurationmanager/get-cmalert
# Get-CMSoftwareUpdateCategory (SMS_UpdateCategoryInstance):
#   https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatecategory
#   https://learn.microsoft.com/mem/configmgr/develop/reference/sum/sms_updatecategoryinstance-server-wmi-class
# include: _configmgr_props.ps1
# include: _compare_and_set.ps1
function Get-SupComponentCurrent {
    param ([string] $SiteCode)
    $list = @(foreach ($category in (Get-CMSoftwareUpdateCategory -Fast)) {
            @{
                id = [string]$category.CategoryInstance_UniqueID
                name = [string]$category.LocalizedCategoryInstanceName
                type = [string]$category.CategoryTypeName
                subscribed = [bool]$category.IsSubscribed
                allow = [bool]$category.AllowSubscription
            }
        })
    $subscribed = @{}
    foreach ($category in $list) {
        $subscribed[$category.id] = $category.subscribed
    }
    $alerts = @(Get-CMAlert | Where-Object { [string]$_.Name -like 'Synchronization failure alert for software update point*' })
    @{
        component = ConvertTo-PropTable -SiteControlObject (Get-CMSoftwareUpdatePointComponent -SiteCode $SiteCode)
        sync = ConvertTo-PropTable -SiteControlObject (Get-CMSiteComponent -SiteCode $SiteCode -ComponentName 'SMS_WSUS_SYNC_MANAGER')
        alert = @{ exists = $alerts.Count -gt 0 }
        categories = $subscribed
        list = $list
    }
}
# ---- end of _sup_component_read.ps1
