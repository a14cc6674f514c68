"""Where a post lives, as one caller sees it: decided from the service's own replicas.

Shared by commands (through ``Ports.places``) and queries, so a post is readable, and
writable, by the same rules everywhere (``collab_replicas.decide_access``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from collab_replicas import Replicas, decide_access
from collab_replicas.access import is_member
from servicekit.projection import ReadModels

from feed_service.domain.model import NOWHERE, PROFILE, Caller, PlaceView


class ReplicaPlaces:
    """The ``Places`` port over the replicas in the service's database."""

    def __init__(self, models: ReadModels) -> None:
        self.replicas = Replicas(models)

    async def view(self, group_id: str | None, caller: Caller) -> PlaceView:
        """The caller's access to a group, or to profile posts when ``group_id`` is None."""
        me, groups = caller.employee_id, self.replicas.groups
        if group_id is None:
            reader = await self.replicas.people.status(me)
            return PROFILE if reader.active else NOWHERE
        group, membership, reader = await asyncio.gather(
            groups.group(group_id), groups.membership(group_id, me), self.replicas.people.status(me)
        )
        access = decide_access(group, membership, me, reader, admin=caller.platform_admin)
        if group is None or not access.visible:
            return NOWHERE
        member = reader.active and is_member(group, membership, me)
        role = membership.role if membership is not None else ("owner" if member else None)
        return PlaceView(
            visible=True,
            readable=access.readable,
            postable=access.postable,
            member=member,
            archived=group.archived,
            role=role,
            visibility=group.visibility,
        )

    async def resolve(self, handles: Iterable[str]) -> dict[str, str]:
        """``@handle`` -> the employee id of its active holder."""
        wanted = list(handles)
        if not wanted:
            return {}
        found = await self.replicas.people.resolve_mentions(wanted)
        return {handle: mention.employee_id for handle, mention in found.items()}

    async def active(self, employee_ids: Iterable[str]) -> frozenset[str]:
        """The known, active people among ``employee_ids``."""
        people = await self.replicas.people.people_by_id(employee_ids)
        return frozenset(e for e, person in people.items() if person.active)


class PlaceCache:
    """One request's place views, each group looked up once (lists mix places)."""

    def __init__(self, places: ReplicaPlaces, caller: Caller) -> None:
        self.places, self.caller = places, caller
        self._seen: dict[str | None, PlaceView] = {}

    async def view(self, group_id: str | None) -> PlaceView:
        """The caller's view of one place, cached for the request."""
        if group_id not in self._seen:
            self._seen[group_id] = await self.places.view(group_id, self.caller)
        return self._seen[group_id]
