# ---- from _resolve_account.ps1: DOMAIN\user or UPN -> NT account name and SID, $null when unknown.
# NTAccount.Translate: https://learn.microsoft.com/dotnet/api/system.security.principal.ntaccount.translate
function Resolve-Account {
    param ([string] $Name)
    try {
        $sid = ([System.Security.Principal.NTAccount]$Name).Translate([System.Security.Principal.SecurityIdentifier])
        @{ name = $sid.Translate([System.Security.Principal.NTAccount]).Value; sid = $sid.Value }
    }
    catch [System.Security.Principal.IdentityNotMappedException] {
        $null
    }
}
# ---- end of _resolve_account.ps1
