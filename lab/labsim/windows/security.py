"""Microsoft.PowerShell.Security: Get-ExecutionPolicy and Get-AuthenticodeSignature, as
_configmgr_connect.ps1 uses them to foresee the AllSigned signing prompt of the ConfigurationManager module.

Get-ExecutionPolicy: https://learn.microsoft.com/powershell/module/microsoft.powershell.security/get-executionpolicy?view=powershell-5.1
about_Execution_Policies: https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_execution_policies?view=powershell-5.1
ExecutionPolicy enum: https://learn.microsoft.com/dotnet/api/microsoft.powershell.executionpolicy
Get-AuthenticodeSignature: https://learn.microsoft.com/powershell/module/microsoft.powershell.security/get-authenticodesignature?view=powershell-5.1
Signature: https://learn.microsoft.com/dotnet/api/system.management.automation.signature
SignatureStatus: https://learn.microsoft.com/dotnet/api/system.management.automation.signaturestatus
SignatureType: https://learn.microsoft.com/dotnet/api/system.management.automation.signaturetype

The effective execution policy is host config ``execution_policy`` (as a Group Policy sets it: the
MachinePolicy scope wins over every other scope), else RemoteSigned, the documented default of Windows
Server (2012 R2 and later). Not modelled: an Ansible connection that starts powershell.exe with
``-ExecutionPolicy Unrestricted`` has Process scope Unrestricted, which Get-ExecutionPolicy reports when no
Group Policy sets one (the scripts only compare with AllSigned, where both agree).

Signatures: the ConfigurationManager module file (labsim.configmgr.module.is_module_file) carries a valid
Authenticode signature by Microsoft (certificates.module_signer; its TimeStamperCertificate is not
modelled: $null); a PowerShell script file without a signature block is NotSigned. The status messages are
PowerShell's (MshSignature.resx). Any other file is LabUnsupported (real binaries are signed, the lab's
stand-ins are not).
"""

from __future__ import annotations

import ntpath

from labsim.powershell import api
from labsim.windows import certificates, errors, paths, provider, providers, wildcard
from labsim.windows.filesystem import local_path

EXECUTION_POLICY = {name.lower(): api.PSEnum('Microsoft.PowerShell.ExecutionPolicy', name, number)
                    for name, number in (('Unrestricted', 0), ('RemoteSigned', 1), ('AllSigned', 2), ('Restricted', 3),
                                         ('Default', 3), ('Bypass', 4), ('Undefined', 5))}
DEFAULT_POLICY = 'RemoteSigned'
SIGNATURE_STATUS = {name: api.PSEnum('System.Management.Automation.SignatureStatus', name, number)
                    for number, name in enumerate(('Valid', 'UnknownError', 'NotSigned', 'HashMismatch', 'NotTrusted',
                                                   'NotSupportedFileFormat', 'Incompatible'))}
SIGNATURE_TYPE = {name: api.PSEnum('System.Management.Automation.SignatureType', name, number)
                  for number, name in enumerate(('None', 'Authenticode', 'Catalog'))}
#: files PowerShell itself can carry a signature block in ("# SIG # Begin signature block")
SCRIPT_EXTENSIONS = ('.ps1', '.psm1', '.psd1', '.ps1xml', '.psc1', '.cdxml')
SIGNATURE_BLOCK = b'# SIG # Begin signature block'
VALID_MESSAGE = 'Signature verified.'
NOT_SIGNED_MESSAGE = ('The file {0} is not digitally signed. You cannot run this script on the current system. For more '
                      'information about running scripts and setting execution policy, see about_Execution_Policies at '
                      'https://go.microsoft.com/fwlink/?LinkID=135170')


def effective_policy(host) -> api.PSEnum:
    name = str(host.config.get('execution_policy') or DEFAULT_POLICY)
    policy = EXECUTION_POLICY.get(name.lower())
    if policy is None:
        raise api.LabUnsupported(f'host config execution_policy {name!r} is not an ExecutionPolicy value')
    return policy


@api.command('Get-ExecutionPolicy')
def get_execution_policy(inv: api.Invocation) -> api.PSEnum:
    """The effective policy (an ExecutionPolicy value; ``[string]`` gives its name)."""
    if inv.has('Scope') or inv.param('List'):
        raise api.LabUnsupported('Get-ExecutionPolicy -Scope / -List is not modelled')
    return effective_policy(inv.host)


class Signature(api.DotNetObject):
    """System.Management.Automation.Signature (PowerShell 5.1's properties)."""

    TYPE_NAME = 'System.Management.Automation.Signature'
    PROPERTIES = ('SignerCertificate', 'TimeStamperCertificate', 'Status', 'StatusMessage', 'Path', 'SignatureType',
                  'IsOSBinary')

    def ps_to_string(self) -> str:
        return self.TYPE_NAME


def signature_of(session, windows_path: str) -> Signature:
    """The Authenticode signature of an existing file (see the module docstring)."""
    from labsim.configmgr import module as cm_module  # the ConfigMgr models own the module file's identity
    host = session.host
    if cm_module.is_module_file(host, windows_path):
        return Signature(SignerCertificate=certificates.X509Certificate2.detached(certificates.module_signer()),
                         TimeStamperCertificate=None, Status=SIGNATURE_STATUS['Valid'], StatusMessage=VALID_MESSAGE,
                         Path=windows_path, SignatureType=SIGNATURE_TYPE['Authenticode'], IsOSBinary=False)
    extension = ntpath.splitext(windows_path)[1].lower()
    if extension in SCRIPT_EXTENSIONS:
        if SIGNATURE_BLOCK not in local_path(host, windows_path).read_bytes():
            return Signature(SignerCertificate=None, TimeStamperCertificate=None, Status=SIGNATURE_STATUS['NotSigned'],
                             StatusMessage=NOT_SIGNED_MESSAGE.format(windows_path), Path=windows_path,
                             SignatureType=SIGNATURE_TYPE['None'], IsOSBinary=False)
    raise api.LabUnsupported(f'the Authenticode signature of {windows_path} is not modelled')


def _file_not_found(inv: api.Invocation, path: str) -> None:
    inv.write_error(f'File {path} was not found.', errors.fqid('SignatureCommandsBaseFileNotFound', inv.name),
                    'ObjectNotFound', 'System.IO.FileNotFoundException')


@api.command('Get-AuthenticodeSignature')
def get_authenticode_signature(inv: api.Invocation) -> list[Signature]:
    """SignatureCommandsBase.ProcessRecord (PowerShell source): -FilePath resolves wildcards (a path
    that resolves to nothing is "File <path> was not found."), -LiteralPath does not; a missing file is
    the same error; when every path is a directory, "The Get-AuthenticodeSignature cmdlet does not
    support directories. Supply a path to a file and retry." All non-terminating."""
    if inv.has('Content') or inv.has('SourcePathOrExtension'):
        raise api.LabUnsupported('Get-AuthenticodeSignature -Content is not modelled')
    literal = inv.has('LiteralPath')
    out = []
    for given in errors.as_list(inv.param('LiteralPath') if literal else inv.param('FilePath')):
        given = str(given)
        try:
            if not literal and wildcard.has_wildcards(given):
                found = providers.glob(inv.session, given)
            else:
                found = [paths.resolve(inv.session, given if literal else wildcard.unescape(given))]
        except paths.DriveMissing:
            _file_not_found(inv, given)
            continue
        if not literal and not any(provider.model(loc).exists(inv.session, loc) for loc in found):
            _file_not_found(inv, given)
            continue
        file_seen = False
        for loc in found:
            if loc.provider != 'FileSystem':
                raise api.LabUnsupported(f'Get-AuthenticodeSignature of a {loc.provider} item is not modelled')
            model = provider.model(loc)
            if model.exists(inv.session, loc) and model.is_container(inv.session, loc):
                continue
            file_seen = True
            if not model.exists(inv.session, loc):
                _file_not_found(inv, loc.provider_path)
                continue
            out.append(signature_of(inv.session, loc.provider_path))
        if not file_seen:
            inv.write_error('The Get-AuthenticodeSignature cmdlet does not support directories. Supply a path to a file '
                            'and retry.', errors.fqid('SignatureCommandsBaseCannotRetrieveFromContainer', inv.name),
                            'ObjectNotFound', 'System.IO.FileNotFoundException')
    return out
