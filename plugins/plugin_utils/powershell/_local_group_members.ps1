# ---- from _local_group_members.ps1: the members of a local group, also when one of them is an orphaned SID.
# Get-LocalGroupMember: https://learn.microsoft.com/powershell/module/microsoft.powershell.localaccounts/get-localgroupmember
# It fails with "Failed to compare two elements in the array." when a member's SID no longer resolves (an
# account deleted from the domain; PowerShell issues #2996, #21617), common on long-lived servers. The WinNT
# ADSI provider lists such members too, with their objectSid:
#   https://learn.microsoft.com/windows/win32/adsi/winnt-adsi-provider
#   SecurityIdentifier(Byte[], Int32): https://learn.microsoft.com/dotnet/api/system.security.principal.securityidentifier.-ctor
function Get-LocalGroupMemberSid {
    param ([string] $GroupSid, [string] $GroupName)
    try {
        @(Get-LocalGroupMember -SID $GroupSid | ForEach-Object { @{ name = [string]$_.Name; sid = [string]$_.SID.Value } })
    }
    catch [System.InvalidOperationException] {
        $group = [ADSI]"WinNT://$env:COMPUTERNAME/$GroupName,group"
        @(foreach ($member in @($group.Invoke('Members'))) {
                $entry = [ADSI]$member
                $sid = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList @($entry.objectSid.Value, 0)
                @{ name = [string]$entry.Name; sid = $sid.Value }
            })
    }
}
# ---- end of _local_group_members.ps1
