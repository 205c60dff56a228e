# ---- from _configmgr_props.ps1: the embedded properties of a site control object as plain data.
# SMS_SCI_SysResUse.Props (SMS_EmbeddedProperty: PropertyName, Value, Value1, Value2):
#   https://learn.microsoft.com/mem/configmgr/develop/reference/core/servers/configure/sms_sci_sysresuse-server-wmi-class
function ConvertTo-PropTable {
    param ($SiteControlObject)
    $table = @{}
    if ($SiteControlObject) {
        foreach ($prop in $SiteControlObject.Props) {
            $table[$prop.PropertyName] = @{ value = $prop.Value; value1 = [string]$prop.Value1; value2 = [string]$prop.Value2 }
        }
    }
    $table
}
# ---- end of _configmgr_props.ps1
