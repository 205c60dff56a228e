"""Get-CimInstance (Win32_ComputerSystem, Win32_OperatingSystem) and Get-Service, from the host's
name, ``host.data['os']`` and the state of the features and products that install services.

Services exist only where what installs them is installed (review L27): W3SVC with Web-Server,
WsusService with UpdateServices-Services (Running once post-install configured it, else Stopped),
MSSQL$MICROSOFT##WID with the Windows Internal Database, SMS_EXECUTIVE and
SMS_SITE_COMPONENT_MANAGER only on a site server (not where only the console is installed).
Get-CimInstance: https://learn.microsoft.com/powershell/module/cimcmdlets/get-ciminstance?view=powershell-5.1
Win32_ComputerSystem: https://learn.microsoft.com/windows/win32/cimwin32prov/win32-computersystem
Win32_OperatingSystem: https://learn.microsoft.com/windows/win32/cimwin32prov/win32-operatingsystem
Get-Service: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/get-service?view=powershell-5.1
"""

from __future__ import annotations

import re
import typing as t

from labsim.powershell import api
from labsim.windows import errors, wildcard, wsus

class CimInstance(api.DotNetObject):
    """Microsoft.Management.Infrastructure.CimInstance; subclasses name the WMI class's properties."""

    TYPE_NAME = 'Microsoft.Management.Infrastructure.CimInstance'


class Win32ComputerSystem(CimInstance):
    PROPERTIES = ('Name', 'DNSHostName', 'Domain', 'PartOfDomain', 'Workgroup', 'Manufacturer', 'Model')


class Win32OperatingSystem(CimInstance):
    PROPERTIES = ('Caption', 'Version', 'BuildNumber', 'CSName', 'OSArchitecture')


def computer_system(host) -> Win32ComputerSystem:
    short, _, domain = host.name.partition('.')
    return Win32ComputerSystem(Name=short.upper(), DNSHostName=short, Domain=domain or 'WORKGROUP',
                               PartOfDomain=bool(domain), Workgroup=None if domain else 'WORKGROUP',
                               Manufacturer='Microsoft Corporation', Model='Virtual Machine')


def operating_system(host) -> Win32OperatingSystem:
    os_data = host.data['os']
    version = os_data['version']
    return Win32OperatingSystem(Caption=os_data['caption'], Version=version, BuildNumber=str(os_data['build']),
                                CSName=host.name.split('.')[0].upper(), OSArchitecture='64-bit')


@api.cim_class('root\\cimv2', 'Win32_ComputerSystem')
def _computer_systems(inv: api.Invocation) -> list[CimInstance]:
    instance = computer_system(inv.host)
    instance.TYPE_NAME = 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_ComputerSystem'
    return [instance]


@api.cim_class('root\\cimv2', 'Win32_OperatingSystem')
def _operating_systems(inv: api.Invocation) -> list[CimInstance]:
    instance = operating_system(inv.host)
    instance.TYPE_NAME = 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_OperatingSystem'
    return [instance]


def _namespace(value: t.Any) -> str:
    return str(value or 'root\\cimv2').replace('/', '\\').lower()


_CONDITION = re.compile(r"^\s*(\w+)\s*=\s*(?:'([^']*)'|\"([^\"]*)\"|(\S+))\s*$")


def _filter(instances: list[t.Any], wql: str) -> list[t.Any]:
    """-Filter: a WQL WHERE clause; the lab models ``Prop = value`` conditions joined by AND."""
    conditions = []
    for part in re.split(r'\s+and\s+', wql, flags=re.IGNORECASE):
        match = _CONDITION.match(part)
        if not match:
            raise api.LabUnsupported(f'Get-CimInstance -Filter {wql!r}: only "Prop = value [AND ...]" is modelled')
        value = next(v for v in match.groups()[1:] if v is not None)
        conditions.append((match.group(1), value))

    def keep(instance) -> bool:
        for name, value in conditions:
            current = instance.ps_get(name)
            if isinstance(current, bool):
                if str(current).lower() != value.lower():
                    return False
            elif str(current).lower() != value.lower():
                return False
        return True
    return [instance for instance in instances if keep(instance)]


@api.command('Get-CimInstance')
def get_cim_instance(inv: api.Invocation) -> list[t.Any]:
    """Dispatches to api.CIM_CLASSES; an unknown class is the CIM error "Invalid class" (HRESULT
    0x80041010), an unknown namespace "Invalid namespace" (0x8004100e), both non-terminating (the
    cmdlet writes the operation's CimException with WriteError; also when a registered reader fails
    with a CimException, e.g. root\\sms on a host that is not a site server); -Filter and -Property
    apply (properties not asked for are $null, as CIM returns them). Message, category and target of
    the CimException as PowerShell 5.1 shows them: unverified."""
    for unsupported in ('Query', 'CimSession', 'ComputerName', 'KeyOnly', 'Shallow', 'ResourceUri'):
        if inv.has(unsupported):
            raise api.LabUnsupported(f'Get-CimInstance -{unsupported} is not modelled')
    namespace = _namespace(inv.param('Namespace'))
    class_name = str(inv.param('ClassName'))
    reader = api.CIM_CLASSES.get((namespace, class_name.lower()))
    if reader is None:
        if not any(ns == namespace for ns, _ in api.CIM_CLASSES):
            inv.write_error('Invalid namespace ', errors.fqid('HRESULT 0x8004100e', inv.name), 'MetadataError',
                            'Microsoft.Management.Infrastructure.CimException', namespace)
        else:
            inv.write_error('Invalid class ', errors.fqid('HRESULT 0x80041010', inv.name), 'MetadataError',
                            'Microsoft.Management.Infrastructure.CimException', class_name)
        return []
    try:
        instances = list(reader(inv) or [])
    except api.PSError as error:
        # CimCmdlets write the CimException of a failed operation with WriteError: non-terminating,
        # so -ErrorAction SilentlyContinue hides it (a reader such as root\sms SMS_ProviderLocation on
        # a host without ConfigMgr fails "Invalid namespace" by raising it).
        if error.record.exception_type != 'Microsoft.Management.Infrastructure.CimException':
            raise
        record = error.record
        inv.write_error(record.message, record.error_id, record.category, record.exception_type, record.target)
        return []
    if inv.param('Filter'):
        instances = _filter(instances, str(inv.param('Filter')))
    selected = [p.lower() for p in errors.as_list(inv.param('Property'))]
    if selected and '*' not in selected:
        for instance in instances:
            for name in instance.PROPERTIES:
                if name.lower() not in selected:
                    instance.props[name] = None
    return instances


# ---- services -------------------------------------------------------------------------------------
STATUS = {name: api.PSEnum('System.ServiceProcess.ServiceControllerStatus', name, number)
          for name, number in (('Stopped', 1), ('StartPending', 2), ('StopPending', 3), ('Running', 4),
                               ('ContinuePending', 5), ('PausePending', 6), ('Paused', 7))}
START_TYPE = {name: api.PSEnum('System.ServiceProcess.ServiceStartMode', name, number)
              for name, number in (('Boot', 0), ('System', 1), ('Automatic', 2), ('Manual', 3), ('Disabled', 4))}


class ServiceController(api.DotNetObject):
    """System.ServiceProcess.ServiceController (Get-Service's output)."""

    TYPE_NAME = 'System.ServiceProcess.ServiceController'
    PROPERTIES = ('Name', 'ServiceName', 'DisplayName', 'Status', 'StartType', 'CanStop')

    def ps_to_string(self) -> str:
        return 'System.ServiceProcess.ServiceController'


def services(host) -> dict[str, tuple[str, str]]:
    """Service name -> (display name, status) of the services the lab models on this host."""
    features = host.data.get('features') or {}
    found = {'WinRM': ('Windows Remote Management (WS-Management)', 'Running')}
    if features.get('Web-Server') == 'Installed':
        found['W3SVC'] = ('World Wide Web Publishing Service', 'Running')
    if features.get('UpdateServices-Services') == 'Installed':
        found['WsusService'] = ('WSUS Service', 'Running' if wsus.post_install_done(host) else 'Stopped')
    if features.get('Windows-Internal-Database') == 'Installed':
        found['MSSQL$MICROSOFT##WID'] = ('Windows Internal Database', 'Running')
    if host.data.get('profile') == 'site_server':
        found['SMS_EXECUTIVE'] = ('SMS_EXECUTIVE', 'Running')
        found['SMS_SITE_COMPONENT_MANAGER'] = ('SMS_SITE_COMPONENT_MANAGER', 'Running')
    return found


@api.command('Get-Service')
def get_service(inv: api.Invocation) -> list[ServiceController]:
    """Services by -Name (wildcards allowed); a literal name with no service is the non-terminating
    NoServiceFoundForGivenName, the others are still written."""
    for unsupported in ('ComputerName', 'DependentServices', 'RequiredServices', 'Include', 'Exclude', 'InputObject',
                        'DisplayName'):
        if inv.has(unsupported):
            raise api.LabUnsupported(f'Get-Service -{unsupported} is not modelled')
    known = services(inv.host)
    patterns = errors.as_list(inv.param('Name')) or ['*']
    out = []
    for pattern in patterns:
        matched = [n for n in sorted(known, key=str.lower) if wildcard.matches(pattern, n)]
        if not matched and not wildcard.has_wildcards(pattern):
            inv.write_error(f"Cannot find any service with service name '{pattern}'.",
                            errors.fqid('NoServiceFoundForGivenName', inv.name), 'ObjectNotFound',
                            'Microsoft.PowerShell.Commands.ServiceCommandException', pattern)
        for name in matched:
            display, status = known[name]
            out.append(ServiceController(Name=name, ServiceName=name, DisplayName=display, Status=STATUS[status],
                                         StartType=START_TYPE['Automatic'], CanStop=status == 'Running'))
    return out
