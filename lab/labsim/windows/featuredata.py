"""The Windows features the lab knows: names, display names, parents, dependencies.

Names and the tree are Get-WindowsFeature's on Windows Server 2022 as far as the lab uses them
(labsim.profiles.FEATURE_PARENTS, which creates a fresh host's states); display names are those
Server Manager shows. ``DEPENDS_ON`` holds only what Microsoft states (
https://learn.microsoft.com/windows-server/administration/windows-server-update-services/deploy/1-install-the-wsus-server-role:
"Requesting bare
UpdateServices pulls in WID"; WID Connectivity uses the Windows Internal Database): Windows has
more dependencies (the IIS role services and .NET features WSUS needs, preinstalled in the lab).
Get-WindowsFeature: https://learn.microsoft.com/powershell/module/servermanager/get-windowsfeature
"""

from __future__ import annotations

from labsim.profiles import FEATURE_PARENTS

PARENTS: dict[str, str | None] = dict(FEATURE_PARENTS, **{'Windows-Internal-Database': None})

DISPLAY_NAMES = {
    'UpdateServices': 'Windows Server Update Services',
    'UpdateServices-WidDB': 'WID Connectivity',
    'UpdateServices-Services': 'WSUS Services',
    'UpdateServices-DB': 'SQL Server Connectivity',
    'RSAT': 'Remote Server Administration Tools',
    'RSAT-Role-Tools': 'Role Administration Tools',
    'UpdateServices-RSAT': 'Windows Server Update Services Tools',
    'UpdateServices-API': 'API and PowerShell cmdlets',
    'UpdateServices-UI': 'User Interface Management Console',
    'Web-Server': 'Web Server (IIS)',
    'Web-WebServer': 'Web Server',
    'Web-Mgmt-Console': 'IIS Management Console',
    'NET-Framework-45-Features': '.NET Framework 4.8 Features',
    'NET-Framework-45-Core': '.NET Framework 4.8',
    'NET-WCF-HTTP-Activation45': 'HTTP Activation',
    'BITS': 'Background Intelligent Transfer Service (BITS)',
    'RDC': 'Remote Differential Compression',
    'Windows-Internal-Database': 'Windows Internal Database',
}
#: Role / Role Service / Feature (Feature.FeatureType)
ROLES = {'UpdateServices', 'Web-Server'}
#: features whose installation also installs these (unverified beyond the WSUS installation page)
DEPENDS_ON = {'UpdateServices-WidDB': ['Windows-Internal-Database']}
#: a role requested alone brings its default role services ("Requesting bare UpdateServices pulls in WID")
DEFAULT_ROLE_SERVICES = {'UpdateServices': ['UpdateServices-Services', 'UpdateServices-WidDB']}


def children(name: str) -> list[str]:
    return [child for child, parent in PARENTS.items() if parent == name]


def feature_type(name: str) -> str:
    if name in ROLES:
        return 'Role'
    root = name
    while PARENTS.get(root):
        root = PARENTS[root]
    return 'Role Service' if root in ROLES else 'Feature'


def depth(name: str) -> int:
    level, current = 1, name
    while PARENTS.get(current):
        level, current = level + 1, PARENTS[current]
    return level


def path(name: str) -> str:
    parts, current = [], name
    while current:
        parts.insert(0, DISPLAY_NAMES.get(current, current))
        current = PARENTS.get(current)
    return '\\'.join(parts)
