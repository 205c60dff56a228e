"""The errors Windows PowerShell writes, built in one place so every model words them the same way.

Each helper returns the keyword arguments of ``Invocation.write_error`` / ``Invocation.fail`` (or a
``PSError`` for .NET method failures), with the message, FullyQualifiedErrorId, category and
exception type PowerShell 5.1 uses. Sources are cited per helper.
"""

from __future__ import annotations

import typing as t

from labsim.powershell import api

# Exception types the Windows models raise, with their .NET base type, so ``catch [Base]`` in a
# script catches them (added to the contract's table from here rather than by editing api.py).
api.EXCEPTION_BASES.update({
    'System.Management.Automation.ProviderNotFoundException': 'System.Management.Automation.SessionStateException',
    'System.Management.Automation.ParameterBindingValidationException':
        'System.Management.Automation.ParameterBindingException',
    'System.Management.Automation.PSArgumentException': 'System.ArgumentException',
    'System.Management.Automation.PSInvalidOperationException': 'System.InvalidOperationException',
    'System.IO.DirectoryNotFoundException': 'System.IO.IOException',
    'System.ObjectDisposedException': 'System.InvalidOperationException',
    'System.InvalidCastException': 'System.SystemException',
    'System.Management.Automation.PSInvalidCastException': 'System.InvalidCastException',
    'System.ComponentModel.Win32Exception': 'System.Runtime.InteropServices.ExternalException',
    'Microsoft.Management.Infrastructure.CimException': 'System.Exception',
    'Microsoft.PowerShell.Commands.ServiceCommandException': 'System.SystemException',
    'Microsoft.PowerShell.Commands.LocalAccountsException': 'System.Exception',
    'Microsoft.PowerShell.Commands.GroupNotFoundException': 'Microsoft.PowerShell.Commands.LocalAccountsException',
    'Microsoft.PowerShell.Commands.PrincipalNotFoundException': 'Microsoft.PowerShell.Commands.LocalAccountsException',
    'Microsoft.PowerShell.Commands.MemberExistsException': 'Microsoft.PowerShell.Commands.LocalAccountsException',
    'Microsoft.PowerShell.Commands.MemberNotFoundException': 'Microsoft.PowerShell.Commands.LocalAccountsException',
})

#: the .NET namespace of each modelled cmdlet's class (FullyQualifiedErrorId = '<id>,<namespace>.<Class>')
_NAMESPACES = {
    'windowsfeature': 'Microsoft.Windows.ServerManager.Commands',
    'web': 'Microsoft.IIs.PowerShell.Provider',
    'ciminstance': 'Microsoft.Management.Infrastructure.CimCmdlets',
}
#: ServerManager's cmdlet classes keep the names of the 2008 R2 cmdlets (Add-/Remove-WindowsFeature)
_CLASSES = {
    'install-windowsfeature': 'AddWindowsFeatureCommand',
    'uninstall-windowsfeature': 'RemoveWindowsFeatureCommand',
}


def command_class(command: str) -> str:
    """'Get-ChildItem' -> 'Microsoft.PowerShell.Commands.GetChildItemCommand' (the id's second half)."""
    lowered = command.lower()
    name = _CLASSES.get(lowered) or command.replace('-', '') + 'Command'
    namespace = 'Microsoft.PowerShell.Commands'
    for marker, candidate in _NAMESPACES.items():
        if marker in lowered:
            namespace = candidate
    return f'{namespace}.{name}'


def fqid(error_id: str, command: str) -> str:
    return f'{error_id},{command_class(command)}'


def path_not_found(command: str, path: str) -> dict[str, t.Any]:
    """ItemNotFoundException 'PathNotFound' (SessionStateStrings.PathNotFound, PowerShell source)."""
    return dict(message=f"Cannot find path '{path}' because it does not exist.",
                error_id=fqid('PathNotFound', command), category='ObjectNotFound',
                exception_type='System.Management.Automation.ItemNotFoundException', target=path)


def drive_not_found(command: str, name: str) -> dict[str, t.Any]:
    """DriveNotFoundException 'DriveNotFound' (SessionStateStrings.DriveNotFound, PowerShell source)."""
    return dict(message=f"Cannot find drive. A drive with the name '{name}' does not exist.",
                error_id=fqid('DriveNotFound', command), category='ObjectNotFound',
                exception_type='System.Management.Automation.DriveNotFoundException', target=name)


def provider_not_found(command: str, name: str) -> dict[str, t.Any]:
    """ProviderNotFoundException (SessionStateStrings.ProviderNotFound, PowerShell source)."""
    return dict(message=f"Cannot find a provider with the name '{name}'.",
                error_id=fqid('ProviderNotFound', command), category='ObjectNotFound',
                exception_type='System.Management.Automation.ProviderNotFoundException', target=name)


def empty_argument(command: str, parameter: str, value: t.Any) -> dict[str, t.Any]:
    """Parameter validation of a [ValidateNotNullOrEmpty] parameter (ParameterBinderStrings)."""
    if value is None:
        message, error_id = (f"Cannot bind argument to parameter '{parameter}' because it is null.",
                             'ParameterArgumentValidationErrorNullNotAllowed')
    else:
        message, error_id = (f"Cannot bind argument to parameter '{parameter}' because it is an empty string.",
                             'ParameterArgumentValidationErrorEmptyStringNotAllowed')
    return dict(message=message, error_id=fqid(error_id, command), category='InvalidData',
                exception_type='System.Management.Automation.ParameterBindingValidationException')


def dotnet_exception(message: str, exception_type: str) -> api.PSError:
    """A .NET exception thrown by a modelled method or static member: the interpreter wraps it in a
    MethodInvocationException ('Exception calling "M" with "n" argument(s): "<message>"', the
    FullyQualifiedErrorId being the exception's short type name) and keeps this one as ``inner`` so
    ``catch [ThatType]`` matches, as PowerShell does (api.dotnet_type, labsim.powershell.dotnet)."""
    return api.PSError(message, error_id=exception_type.rsplit('.', 1)[-1], category='NotSpecified',
                       exception_type=exception_type)


def as_list(value: t.Any) -> list[t.Any]:
    """A [string[]] parameter's value as a list ($null -> empty)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]
