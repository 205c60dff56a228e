"""Configuration Manager at the command boundary: the ConfigurationManager module and its CMSite
provider, the cmdlets our scripts call with their IResultObject results, SMS_ProviderLocation, and
the work the site does afterwards (SMSProv, SiteComp, SUPSetup, WCM and WSUSCtrl logs, and the status
messages Site Component Manager and WCM raise: ``status``), the software update point component and the
update catalog (``component_cmdlets``, ``update_catalog``, ``schedule_cmdlets``) and synchronization
(``sync``: Sync-CMSoftwareUpdate, WSyncMgr and wsyncmgr.log).

Importing this package registers every model in ``labsim.powershell.api``. Site control state lives
in ``host.data['configmgr']`` of the site server (``labsim.profiles.site_control``).
"""

from labsim.configmgr import (account_cmdlets, cim, component_cmdlets, drive, module,  # noqa: F401
                              schedule_cmdlets, site_system_cmdlets, status, sup_cmdlets, sync, update_catalog)
