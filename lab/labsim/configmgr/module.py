"""Import-Module of the ConfigurationManager console module, with the failures a real host can show.

Where the module is: ``<console>\\AdminConsole\\bin\\ConfigurationManager.psd1``, the parent of
``SMS_ADMIN_UI_PATH`` (...\\bin\\i386); the site_server profile seeds that file. Importing by name also
works because the console (2111 and later) adds its folder to PSModulePath.
https://learn.microsoft.com/powershell/sccm/overview ("Import the Configuration Manager PowerShell module")

The signing prompt: with execution policy AllSigned (host config ``execution_policy``, for example set
by GPO), importing a signed module whose signer is not in LocalMachine\\TrustedPublisher asks "Do you
want to run software from this untrusted publisher?". win_powershell's host answers every prompt with
"PowerShell is in NonInteractive mode. Read and Prompt functionality is not available." (its HostUI
class, ansible.windows win_powershell.ps1), so the import fails. ConfigMgrCBDsc avoids it by adding the
module's signer certificate to TrustedPublisher first (ConfigMgrCBDsc.ResourceHelper Set-ConfigMgrCert).
The store is modelled as host state ``trusted_publishers`` (thumbprints); the module's signer is
``MODULE_SIGNER_THUMBPRINT``. Unverified: how PowerShell wraps the host's exception (type and error id).
"""

from __future__ import annotations

import ntpath

from labsim.powershell import api

#: the lab's stand-in for the thumbprint of the certificate that signs ConfigurationManager.psd1
MODULE_SIGNER_THUMBPRINT = 'C2048FB509F1C37A8C3E9EC6648118458AA01780'
MODULE_SIGNER_SUBJECT = 'CN=Microsoft Corporation, O=Microsoft Corporation, L=Redmond, S=Washington, C=US'
NON_INTERACTIVE = 'PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.'


def module_path(host) -> str | None:
    """Where the console keeps the module on ``host`` (None without the console)."""
    ui_path = host.data.get('env', {}).get('SMS_ADMIN_UI_PATH')
    return ntpath.normpath(ntpath.join(ui_path, '..', 'ConfigurationManager.psd1')) if ui_path else None


def is_module_file(host, windows_path: str) -> bool:
    """``windows_path`` is the signed ConfigMgr module file on ``host`` (for a Get-AuthenticodeSignature
    model: its SignerCertificate is the one with ``MODULE_SIGNER_THUMBPRINT``)."""
    expected = module_path(host)
    return bool(expected) and ntpath.normcase(ntpath.normpath(windows_path)) == ntpath.normcase(expected) \
        and host.path(expected).is_file()


def signer(host, windows_path: str) -> dict[str, str] | None:
    """The Authenticode signer of a ConfigMgr file on ``host`` ({'thumbprint', 'subject'}), None for
    any other file: for the Windows models' Get-AuthenticodeSignature (SignerCertificate)."""
    if not is_module_file(host, windows_path):
        return None
    return {'thumbprint': MODULE_SIGNER_THUMBPRINT, 'subject': MODULE_SIGNER_SUBJECT}


def publisher_trusted(host) -> bool:
    return MODULE_SIGNER_THUMBPRINT in {t.upper() for t in host.data.get('trusted_publishers') or []}


@api.module('ConfigurationManager')
def load(inv: api.Invocation, path: str | None) -> None:
    host = inv.host
    wanted = ntpath.normpath(path) if path else module_path(host)
    if not wanted or not host.path(wanted).is_file():
        name = path or 'ConfigurationManager'
        inv.fail(f"The specified module '{name}' was not loaded because no valid module file was found in any "
                 'module directory.', 'Modules_ModuleNotFound,Microsoft.PowerShell.Commands.ImportModuleCommand',
                 'ResourceUnavailable', 'System.IO.FileNotFoundException', target=name)
    if str(host.config.get('execution_policy', '')).lower() == 'allsigned' and not publisher_trusted(host):
        # "Do you want to run software from this untrusted publisher?" reaches the non-interactive host.
        inv.fail(NON_INTERACTIVE, 'System.Management.Automation.MethodInvocationException', 'NotSpecified',
                 'System.Management.Automation.MethodInvocationException', target=wanted)
    inv.session.tick(1)  # loading the console's assemblies takes a while
