"""What every part of the lab shares: the simulated clock's epoch, a host's clock, and secrets."""

from __future__ import annotations

import datetime

#: simulated local time of every lab host starts here (seconds advance per operation and with real time)
LAB_EPOCH = datetime.datetime(2026, 11, 21, 9, 0, 0)


def tick(data: dict, seconds: float = 1.0) -> datetime.datetime:
    """Advance a host's clock (``HostState.data``) and return its simulated local time."""
    data['clock'] = round(data.get('clock', 0) + seconds, 3)
    return LAB_EPOCH + datetime.timedelta(seconds=data['clock'])


class Secret:
    """A SecureString / PSCredential value: opaque to printing, comparable by the model."""

    def __init__(self, value: str | None = None, username: str | None = None):
        self._value = value
        self.username = username

    def reveal(self) -> str | None:
        return self._value

    def __repr__(self) -> str:
        return '<Secret>' if self.username is None else f'<Credential {self.username}>'
