"""The site's software update catalog: SMS_UpdateCategoryInstance and ``Get-CMSoftwareUpdateCategory``.

Microsoft's update catalog groups updates by *categories*: update classifications, companies, product
families (children of a company) and products (children of a family). The site database keeps one
SMS_UpdateCategoryInstance per category with ``IsSubscribed`` telling whether the software update point
component synchronizes it ("Configure classifications and products to synchronize",
https://learn.microsoft.com/mem/configmgr/sum/get-started/configure-classifications-and-products).

- Properties written (SMS_UpdateCategoryInstance server WMI class,
  https://learn.microsoft.com/mem/configmgr/develop/reference/sum/sms_updatecategoryinstance-server-wmi-class):
  AllowSubscription, CategoryInstanceID, CategoryInstance_UniqueID (``<Type>:<guid>``), CategoryTypeName
  (UpdateClassification | Company | ProductFamily | Product), IsSubscribed, LocalizedCategoryInstanceName,
  ParentCategoryInstanceID, SourceSite. The class has more (CategoryInstanceName, LocaleID, ...): the lab
  does not write them, so a script that reads one fails in the lab instead of reading a guess. ``-Fast``
  skips lazy properties; none of the written ones is lazy, so -Fast and a full read return the same.
- ``Get-CMSoftwareUpdateCategory`` (sets ByName: -Name alias LocalizedCategoryInstanceName/CategoryName,
  -TypeName alias CategoryTypeName; ById: -Id alias CategoryInstanceID; ByUniqueId: -UniqueId alias
  CategoryInstance_UniqueID; -Fast everywhere):
  https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatecategory
  -Name and -TypeName accept wildcards as the other Get- cmdlets do (``site.matches``); nothing found
  writes nothing (unverified: no error, as the lab's other Get- models).

What exists when: a site that never synchronized has only the categories the site creates at setup:
the update classifications and the company (the lab's reading of "products are known to the site only
after a first synchronization",
https://learn.microsoft.com/mem/configmgr/sum/get-started/synchronize-software-updates,
and ConfigMgrCBDsc users' reports). Products and
product families appear with the first successful synchronization (``labsim.configmgr.sync``). Default
subscriptions on a fresh site: Microsoft does not document any for current branch, so the lab has none
(UNVERIFIED; the SUP wizard's pre-selected boxes are not modelled).

The catalog (``CATEGORIES``) uses Microsoft's real category IDs and titles, from these public sources
(third-party, so marked per entry where a single source gave it):
- [dump] an SMS_UpdateCategoryInstance dump of a real site in Microsoft employee Jonas Ohmsen's
  Compare-WSUSSubscriptions.ps1 (github.com/jonasatgit/scriptrepo): the classifications with their IDs
  and AllowSubscription (Drivers, Driver Sets, Applications and WSUS Infrastructure Updates: False), the
  company "Microsoft Corporation", the families Windows, Office and "SQL".
- [adr] a Get-CMSoftwareUpdateAutoDeploymentRule translation table of ``Product:<guid>`` to titles
  (public ADR copy script): the current product titles, including two pairs of products that share a
  title: "Windows Server 2019" (f702a48c..., 6e56e6da...) and "Windows 10, version 1903 and later"
  (b3c75dc1..., 8a3cbc4a...), and "Microsoft 365 Apps/Office 2019/Office LTSC" for 30eb551c....
- [lists] WSUS product lists in public scripts (Windows Server 2016/2019, Windows 10/11, Office 2016,
  Microsoft Defender Antivirus; "Microsoft Server operating system-21H2" is Windows Server 2022's product).
UNVERIFIED: the family of each product (the lab puts Windows products and Microsoft Defender Antivirus
under Windows, Office products under Office, SQL Server under "SQL", .NET and Visual Studio under
"Developer Tools, Runtimes, and Redistributables"), that family's ID (48ce8c86-...), the "Upgrades"
classification ID (3689bdc8-...), and the CategoryInstanceID numbers (site-assigned; the lab numbers
them from 16777217 in catalog order).
"""

from __future__ import annotations

import typing as t

from labsim.configmgr import drive, site as sites
from labsim.powershell import api

COMPANY, FAMILY, PRODUCT, CLASSIFICATION = 'Company', 'ProductFamily', 'Product', 'UpdateClassification'
MICROSOFT = 'Company:56309036-4c77-4dd9-951a-99ee9c246a94'
WINDOWS = 'ProductFamily:6964aab4-c5b5-43bd-a17d-ffb4346a8e1d'
OFFICE = 'ProductFamily:477b856e-65c4-4473-b621-a8b230bb70d9'
SQL = 'ProductFamily:0a4c6c73-8887-4d7f-9cbe-d08fa8fa9d1e'
DEVTOOLS = 'ProductFamily:48ce8c86-6850-4f68-8e9d-7dc8535ced60'

#: (unique id, title, parent unique id or None, allow subscription); sources in the module docstring
CATEGORIES: tuple[tuple[str, str, str | None, bool], ...] = (
    # update classifications [dump]; Upgrades: UNVERIFIED id
    ('UpdateClassification:e6cf1350-c01b-414d-a61f-263d14d133b4', 'Critical Updates', None, True),
    ('UpdateClassification:e0789628-ce08-4437-be74-2495b842f43b', 'Definition Updates', None, True),
    ('UpdateClassification:b54e7d24-7add-428f-8b75-90a396fa584f', 'Feature Packs', None, True),
    ('UpdateClassification:0fa1201d-4330-4fa8-8ae9-b877473b6441', 'Security Updates', None, True),
    ('UpdateClassification:68c5b0a3-d1a6-4553-ae49-01d3a7827828', 'Service Packs', None, True),
    ('UpdateClassification:b4832bd8-e735-4761-8daf-37f882276dab', 'Tools', None, True),
    ('UpdateClassification:28bc880e-0592-4cbf-8f95-c79b17911d5f', 'Update Rollups', None, True),
    ('UpdateClassification:cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83', 'Updates', None, True),
    ('UpdateClassification:3689bdc8-b205-4af4-8d4a-a63924c5e9d5', 'Upgrades', None, True),
    ('UpdateClassification:ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0', 'Drivers', None, False),
    ('UpdateClassification:77835c8d-62a7-41f5-82ad-f28d1af1e3b1', 'Driver Sets', None, False),
    ('UpdateClassification:5c9376ab-8ce6-464a-b136-22113dd69801', 'Applications', None, False),
    ('UpdateClassification:051f8713-e600-4bee-b7b7-690d43c78948', 'WSUS Infrastructure Updates', None, False),
    # the company [dump]
    (MICROSOFT, 'Microsoft Corporation', None, True),
    # product families [dump]; Developer Tools: UNVERIFIED id
    (WINDOWS, 'Windows', MICROSOFT, True),
    (OFFICE, 'Office', MICROSOFT, True),
    (SQL, 'SQL', MICROSOFT, True),
    (DEVTOOLS, 'Developer Tools, Runtimes, and Redistributables', MICROSOFT, True),
    # products [adr], [lists]
    ('Product:569e8e8f-c6cd-42c8-92a3-efbb20a0f6f5', 'Windows Server 2016', WINDOWS, True),
    ('Product:f702a48c-919b-45d6-9aef-ca4248d50397', 'Windows Server 2019', WINDOWS, True),
    ('Product:6e56e6da-f22f-47c9-97b4-510153a06740', 'Windows Server 2019', WINDOWS, True),
    ('Product:71718f13-7324-4b0f-8f9e-2ca9dc978e53', 'Microsoft Server operating system-21H2', WINDOWS, True),
    ('Product:2c7888b6-f9e9-4ee9-87af-a77705193893', 'Microsoft Server Operating System-22H2', WINDOWS, True),
    ('Product:607efb8d-feed-48a0-930e-14d0cf2da71f', 'Microsoft Server Operating System-23H2', WINDOWS, True),
    ('Product:a3c2375d-0c8a-42f9-bce0-28333e198407', 'Windows 10', WINDOWS, True),
    ('Product:b3c75dc1-155f-4be4-b015-3f1a91758e52', 'Windows 10, version 1903 and later', WINDOWS, True),
    ('Product:8a3cbc4a-5334-40d4-a06e-6da96022ae3b', 'Windows 10, version 1903 and later', WINDOWS, True),
    ('Product:d2085b71-5f1f-43a9-880d-ed159016d5c6', 'Windows 10 LTSB', WINDOWS, True),
    ('Product:72e7624a-5b00-45d2-b92f-e561c0a6a160', 'Windows 11', WINDOWS, True),
    ('Product:8c3fcc84-7410-4a95-8b89-a166a0190486', 'Microsoft Defender Antivirus', WINDOWS, True),
    ('Product:25aed893-7c2d-4a31-ae22-28ff8ac150ed', 'Office 2016', OFFICE, True),
    ('Product:704a0a4a-518f-4d69-9e03-10ba44198bd5', 'Office 2013', OFFICE, True),
    ('Product:30eb551c-6288-4716-9a78-f300ec36d72b', 'Microsoft 365 Apps/Office 2019/Office LTSC', OFFICE, True),
    ('Product:93f0b0bc-9c20-4ca5-b630-06eb4706a447', 'Microsoft SQL Server 2016', SQL, True),
    ('Product:97b8b817-fce1-44e4-ac26-61127d4604c0', 'Microsoft SQL Server 2019', SQL, True),
    ('Product:5f4177e2-ad09-4066-9050-b7466ad5b078', 'Visual Studio 2019', DEVTOOLS, True),
    ('Product:64ccdfc7-8e8c-4404-a572-a3daf7dff673', '.NET 8.0', DEVTOOLS, True),
)
FIRST_ID = 16777217


def type_of(unique_id: str) -> str:
    return unique_id.split(':', 1)[0]


def known_before_sync(unique_id: str) -> bool:
    """Categories a site has before its first successful synchronization (see the module docstring)."""
    return type_of(unique_id) in (CLASSIFICATION, COMPANY)


def state(site: dict[str, t.Any], create: bool = False) -> dict[str, t.Any]:
    """The site's catalog state: ``synchronized`` (the site synchronized successfully at least once) and
    ``subscribed`` (unique ids, lower case). Stored on the first write (``create``); a read of a site that
    has none (a fresh site, an older lab state) sees the initial state and changes nothing."""
    if create:
        return site.setdefault('update_catalog', {'synchronized': False, 'subscribed': []})
    return site.get('update_catalog') or {'synchronized': False, 'subscribed': []}


def categories(site: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    """The categories the site knows now, in catalog order, as plain dicts."""
    catalog = state(site)
    subscribed = set(catalog['subscribed'])
    ids = {unique: FIRST_ID + index for index, (unique, *_rest) in enumerate(CATEGORIES)}
    out = []
    for unique, title, parent, allow in CATEGORIES:
        if not (catalog['synchronized'] or known_before_sync(unique)):
            continue
        out.append({'unique_id': unique, 'type': type_of(unique), 'name': title, 'id': ids[unique],
                    'parent_id': ids[parent] if parent else 0, 'allow': allow,
                    'subscribed': unique.lower() in subscribed})
    return out


def subscribed(site: dict[str, t.Any], category_type: str) -> list[dict[str, t.Any]]:
    return [c for c in categories(site) if c['type'] == category_type and c['subscribed']]


class UpdateCategoryInstance(api.DotNetObject):
    TYPE_NAME = 'IResultObject#SMS_UpdateCategoryInstance'
    PROPERTIES = ('AllowSubscription', 'CategoryInstanceID', 'CategoryInstance_UniqueID', 'CategoryTypeName',
                  'IsSubscribed', 'LocalizedCategoryInstanceName', 'ParentCategoryInstanceID', 'SourceSite')


def result(site: dict[str, t.Any], category: dict[str, t.Any]) -> UpdateCategoryInstance:
    return UpdateCategoryInstance(
        AllowSubscription=category['allow'], CategoryInstanceID=category['id'],
        CategoryInstance_UniqueID=category['unique_id'], CategoryTypeName=category['type'],
        IsSubscribed=category['subscribed'], LocalizedCategoryInstanceName=category['name'],
        ParentCategoryInstanceID=category['parent_id'], SourceSite=site['site_code'])


@api.command('Get-CMSoftwareUpdateCategory')
def get_software_update_category(inv: api.Invocation) -> list[UpdateCategoryInstance]:
    """https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatecategory"""
    site = drive.connected_site(inv)
    wanted_id, unique = inv.param('Id'), inv.param('UniqueId')
    out = []
    for category in categories(site):
        if wanted_id is not None and str(category['id']) != str(wanted_id).strip():
            continue
        if unique is not None and category['unique_id'].lower() != str(unique).strip().lower():
            continue
        if not sites.matches(inv.param('Name'), category['name']):
            continue
        if not sites.matches(inv.param('TypeName'), category['type']):
            continue
        out.append(result(site, category))
    return out


def find_by_name(site: dict[str, t.Any], category_type: str, name: str) -> list[dict[str, t.Any]]:
    """Categories of ``category_type`` whose title is ``name`` (case-insensitive, as WQL compares)."""
    return [c for c in categories(site) if c['type'] == category_type and c['name'].lower() == name.strip().lower()]


# ---- languages ----------------------------------------------------------------------------------------
#: the update languages of the component: English display name -> culture name, as the component's props
#: keep them (``SupportedUpdateLanguages`` / ``SupportedTitleLanguages`` hold culture names such as
#: ``en,fr``: ConfigMgrCBDsc turns each into CultureInfo.DisplayName). The cmdlet's -Add/-Remove
#: LanguageUpdateFile and -Add/-RemoveLanguageSummaryDetail take the display names ("Dutch", "English"
#: in the Set-CMSoftwareUpdatePointComponent example). The list is the WSUS language list as the ADR
#: translation table names it; UNVERIFIED: that the cmdlet also accepts culture names (the lab accepts
#: only display names) and the exact set of languages a site offers.
LANGUAGES = {
    'Arabic': 'ar', 'Bulgarian': 'bg', 'Chinese (Simplified, PRC)': 'zh-CN',
    'Chinese (Traditional, Hong Kong S.A.R.)': 'zh-HK', 'Chinese (Traditional, Taiwan)': 'zh-TW', 'Croatian': 'hr',
    'Czech': 'cs', 'Danish': 'da', 'Dutch': 'nl', 'English': 'en', 'Estonian': 'et', 'Finnish': 'fi', 'French': 'fr',
    'German': 'de', 'Greek': 'el', 'Hebrew': 'he', 'Hindi': 'hi', 'Hungarian': 'hu', 'Italian': 'it', 'Japanese': 'ja',
    'Korean': 'ko', 'Latvian': 'lv', 'Lithuanian': 'lt', 'Norwegian': 'no', 'Polish': 'pl', 'Portuguese': 'pt',
    'Portuguese (Brazil)': 'pt-BR', 'Romanian': 'ro', 'Russian': 'ru', 'Serbian': 'sr', 'Slovak': 'sk',
    'Slovenian': 'sl', 'Spanish': 'es', 'Swedish': 'sv', 'Thai': 'th', 'Turkish': 'tr', 'Ukrainian': 'uk',
}


def language_culture(name: str) -> str | None:
    return next((culture for display, culture in LANGUAGES.items() if display.lower() == name.strip().lower()), None)
