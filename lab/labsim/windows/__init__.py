"""Windows (non-ConfigMgr) models of the lab: importing this package registers every command,
provider, module and .NET type with labsim.powershell.api."""

from labsim.windows import (  # noqa: F401  pylint: disable=unused-import
    accounts,
    adsi,
    certificates,
    features,
    filestream,
    filesystem,
    identity,
    iis,
    providers,
    registry,
    security,
    session,
    system,
    webadmin,
    wsusutil,
)
