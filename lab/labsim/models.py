"""Every model the lab's PowerShell interpreter can call: importing a family registers its commands,
providers, modules, CIM classes and .NET types in ``labsim.powershell.api``."""

import labsim.configmgr  # noqa: F401
import labsim.windows  # noqa: F401
