"""What a provider model answers for the item cmdlets (Test-Path, Get-Item, Get-ChildItem,
Get-ItemProperty, Set-ItemProperty, Get-Content): one subclass per provider, registered by name.

The cmdlets resolve paths (labsim.windows.paths) and call these methods; an operation a provider
does not model is LabUnsupported, never a silent empty answer.
about_Providers: https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_providers?view=powershell-5.1
"""

from __future__ import annotations

import typing as t

from labsim.powershell import api
from labsim.windows.paths import Location

#: provider models by lower-case provider name ('filesystem', 'registry', 'certificate', 'webadministration')
PROVIDER_MODELS: dict[str, 'Provider'] = {}


def register(name: str):
    def wrap(cls):
        PROVIDER_MODELS[name.lower()] = cls()
        return cls
    return wrap


def model(loc: Location) -> 'Provider':
    found = PROVIDER_MODELS.get(loc.provider.lower())
    if found is None:
        raise api.LabUnsupported(f'the {loc.provider} provider has no item model in the lab ({loc.path})')
    return found


class Provider:
    """Base: every operation unsupported until a provider models it."""

    name = 'Provider'

    def exists(self, session, loc: Location) -> bool:
        raise api.LabUnsupported(f'{self.name} provider: Test-Path is not modelled ({loc.path})')

    def is_container(self, session, loc: Location) -> bool:
        raise api.LabUnsupported(f'{self.name} provider: containers are not modelled ({loc.path})')

    def child_names(self, session, loc: Location) -> list[str]:
        raise api.LabUnsupported(f'{self.name} provider: Get-ChildItem is not modelled ({loc.path})')

    def item(self, session, loc: Location) -> t.Any:
        raise api.LabUnsupported(f'{self.name} provider: Get-Item is not modelled ({loc.path})')

    def properties(self, session, loc: Location) -> dict[str, t.Any]:
        raise api.LabUnsupported(f'{self.name} provider: Get-ItemProperty is not modelled ({loc.path})')

    def set_property(self, session, loc: Location, name: str, value: t.Any) -> None:
        raise api.LabUnsupported(f'{self.name} provider: Set-ItemProperty is not modelled ({loc.path})')

    def read_bytes(self, session, loc: Location) -> bytes:
        raise api.LabUnsupported(f'{self.name} provider: Get-Content is not modelled ({loc.path})')
