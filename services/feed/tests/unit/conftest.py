"""Fakes of the feed's own ports (no servers): the in-memory event store and fixed places."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from feed_service.domain.model import NOWHERE, PROFILE, Caller, PlaceView
from feed_service.handlers.ports import Ports
from feed_service.policies.erasure import AUTHOR_FIELD, REACTOR_FIELD
from servicekit.memorystore import InMemoryEventStore

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def member_of(visibility: str = "public", role: str = "member", archived: bool = False):
    """The place view of an active member of a group."""
    return PlaceView(
        visible=True,
        readable=True,
        postable=not archived,
        member=True,
        archived=archived,
        role=role,
        visibility=visibility,  # type: ignore[arg-type]
    )


def outsider_of(visibility: str = "public") -> PlaceView:
    """The place view of a non-member."""
    if visibility == "secret":
        return NOWHERE
    readable = visibility == "public"
    return PlaceView(visible=True, readable=readable, postable=False, visibility=visibility)  # type: ignore[arg-type]


@dataclass
class FakePlaces:
    """Places by (group, employee); people by handle."""

    views: dict[tuple[str, str], PlaceView] = field(default_factory=dict)
    handles: dict[str, str] = field(default_factory=dict)
    inactive: set[str] = field(default_factory=set)

    async def view(self, group_id: str | None, caller: Caller) -> PlaceView:
        if group_id is None:
            return NOWHERE if caller.employee_id in self.inactive else PROFILE
        found = self.views.get((group_id, caller.employee_id), NOWHERE)
        if caller.platform_admin and not found.member:
            return PlaceView(visible=True, readable=True, postable=True, visibility="public")
        return found

    async def resolve(self, handles: Iterable[str]) -> dict[str, str]:
        found = {h: self.handles[h.casefold()] for h in handles if h.casefold() in self.handles}
        return {h: e for h, e in found.items() if e not in self.inactive}

    async def active(self, employee_ids: Iterable[str]) -> frozenset[str]:
        known = set(self.handles.values())
        return frozenset(e for e in employee_ids if e in known and e not in self.inactive)


@pytest.fixture
def store() -> InMemoryEventStore:
    return InMemoryEventStore(indexed_fields=[AUTHOR_FIELD, REACTOR_FIELD])


@pytest.fixture
def places() -> FakePlaces:
    return FakePlaces()


@pytest.fixture
def ports(store: InMemoryEventStore, places: FakePlaces) -> Ports:
    return Ports(store, places, now=lambda: NOW)
