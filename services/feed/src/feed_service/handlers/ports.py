"""What command handlers and policies need, handed in by the composition root."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from servicekit.streams import EventStorePort

from feed_service.domain.model import Caller, PlaceView
from feed_service.storage import AttachmentStore


class Places(Protocol):
    """Facts about people and groups from this service's replicas."""

    async def view(self, group_id: str | None, caller: Caller) -> PlaceView:
        """The caller's access to a group (None: a profile, readable by active employees)."""
        ...

    async def resolve(self, handles: Iterable[str]) -> dict[str, str]:
        """``@handle`` -> employee id of its active holder; unknown and inactive left out."""
        ...

    async def active(self, employee_ids: Iterable[str]) -> frozenset[str]:
        """The known, active employees among ``employee_ids``."""
        ...


def utc_now() -> datetime:
    """The current time (UTC)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Ports:
    """The event store (the source of truth), the replicas' facts, a clock, attachments."""

    store: EventStorePort
    places: Places
    now: Callable[[], datetime] = utc_now
    attachments: AttachmentStore | None = None  # None: no object storage, no attachments
