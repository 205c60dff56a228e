# ---- from _sup_info_accounts.ps1: whether the site has each Configuration Manager account of $ConfigMgrAccount.
# Expects the site drive (_configmgr_connect.ps1), $SiteCode and Resolve-Account (_resolve_account.ps1); sets
# $accounts (name as given -> exists). Each name as the WSUS connection account's probe looks it up: the
# account's NT name when the domain knows it. Python refused wildcards, so -UserName matches the one name,
# case-insensitively.
# Get-CMAccount: https://learn.microsoft.com/powershell/module/configurationmanager/get-cmaccount
$accounts = @{}
foreach ($name in $ConfigMgrAccount) {
    $lookup = $name
    $resolved = Resolve-Account -Name $name
    if ($resolved) {
        $lookup = $resolved.name
    }
    $accounts[$name] = [bool](Get-CMAccount -UserName $lookup -SiteCode $SiteCode)
}
# ---- end of _sup_info_accounts.ps1
