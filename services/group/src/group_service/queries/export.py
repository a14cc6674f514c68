"""GDPR Art. 15/20: everything the group service holds about one employee, as one document.

Complete, never sampled: each read is one bounded batch (``BATCH`` documents in
``_id`` order) and batches are read until none is left. Of a group only what the caller may see
of it is exported (a secret group they are not in stays a bare id of their own relation).
Invitations the caller sent are listed while they may see the group's open invitations
(owner, admin): whether an invitee of a group they left has answered is not theirs to know.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from collab_events.group import GroupCreated
from servicekit.batches import by_ids, every
from servicekit.projection import ReadModels
from servicekit.streams import EventStorePort

from group_service.domain.access import is_manager
from group_service.domain.model import Caller, Status
from group_service.domain.streams import group_subject
from group_service.projections.names import GROUPS, MEMBERSHIPS
from group_service.queries.access import membership_state, visible_to
from group_service.queries.export_models import (
    CreatedOrOwnedGroup,
    EndedRelation,
    GroupExport,
    InvitationByMe,
    InvitationToMe,
    MyJoinRequest,
    MyMembership,
)

Doc = dict[str, Any]
BATCH = 500  # documents (or ids) per query
ENDED = (Status.LEFT, Status.REMOVED, Status.REJECTED, Status.DECLINED)


async def _created_by(
    store: EventStorePort, group_ids: Iterable[str], employee_id: str
) -> set[str]:
    """The groups whose ``GroupCreated`` names the employee: only the event store records it."""
    created = set()
    for group_id in group_ids:
        events = await store.load(group_subject(group_id))
        first = events[0].event if events else None
        if isinstance(first, GroupCreated) and first.owner_id == employee_id:
            created.add(group_id)
    return created


class _Groups:
    """The groups of the caller's relations, and what the caller may see of each."""

    def __init__(self, caller: Caller, docs: dict[str, Doc], mine: dict[str, Doc]) -> None:
        self.caller, self.docs, self.mine = caller, docs, mine

    def visible(self, group_id: str) -> Doc | None:
        """The group's document if the caller may see the group, else None."""
        doc = self.docs.get(group_id)
        return doc if doc is not None and visible_to(doc, self.caller, self.mine) else None

    def manages(self, group_id: str) -> bool:
        """True when the caller may see the group's open invitations now (owner, admin)."""
        doc = self.visible(group_id)
        if doc is None:
            return False
        state = membership_state(doc, self.mine.get(group_id), self.caller.employee_id)
        return is_manager(self.caller.actor(state))

    def facts(self, group_id: str) -> Doc:
        """The GroupFacts fields: null where the caller may not see the group."""
        doc = self.visible(group_id)
        if doc is None:
            return dict.fromkeys(("title", "visibility", "join_policy", "archived"), None) | {
                "group_id": group_id
            }
        return {
            "group_id": group_id,
            "title": doc["title"],
            "visibility": doc["visibility"],
            "join_policy": doc["join_policy"],
            "archived": doc.get("archived", False),
        }


async def export_employee(models: ReadModels, store: EventStorePort, caller: Caller) -> GroupExport:
    """The caller's memberships, requests, invitations (both ways) and created or owned groups."""
    me = caller.employee_id
    relations = await every(models[MEMBERSHIPS], {"employee_id": me}, size=BATCH)
    sent = await every(
        models[MEMBERSHIPS], {"invited_by": me, "status": Status.INVITED.value}, size=BATCH
    )
    mine = {d["group_id"]: d for d in relations}
    docs = await by_ids(models[GROUPS], [*mine, *(d["group_id"] for d in sent)], size=BATCH)
    groups = _Groups(caller, docs, mine)
    # A creator joined at creation, so their relation has ``since`` whatever happened later.
    created = await _created_by(store, [g for g, d in mine.items() if d.get("since")], me)
    by_status = {s: [d for d in relations if d["status"] == s] for s in Status}
    return GroupExport(
        employee_id=me,
        exported_at=datetime.now(UTC),
        memberships=[_membership(d, groups) for d in by_status[Status.MEMBER]],
        join_requests=[
            MyJoinRequest(**groups.facts(d["group_id"]), requested_at=d.get("requested_at"))
            for d in by_status[Status.REQUESTED]
        ],
        invitations_received=[
            InvitationToMe(
                **groups.facts(d["group_id"]),
                invited_by=d.get("invited_by"),
                invited_at=d.get("invited_at"),
            )
            for d in by_status[Status.INVITED]
        ],
        invitations_sent=[
            InvitationByMe(
                **groups.facts(d["group_id"]),
                invitee_id=d["employee_id"],
                invited_at=d.get("invited_at"),
            )
            for d in sent
            if groups.manages(d["group_id"])
        ],
        ended_relations=[_ended(d, groups) for s in ENDED for d in by_status[s]],
        groups_created_or_owned=_created_or_owned(groups, created),
    )


def _membership(doc: Doc, groups: _Groups) -> MyMembership:
    return MyMembership(
        **groups.facts(doc["group_id"]),
        role=doc.get("role"),
        since=doc.get("since"),
        active=doc.get("active", True),
    )


def _ended(doc: Doc, groups: _Groups) -> EndedRelation:
    return EndedRelation(
        **groups.facts(doc["group_id"]),
        status=doc["status"],
        since=doc.get("since"),
        requested_at=doc.get("requested_at"),
        invited_at=doc.get("invited_at"),
    )


def _created_or_owned(groups: _Groups, created: set[str]) -> list[CreatedOrOwnedGroup]:
    """Groups the caller created, or owns now (by the group's owner set or their role)."""
    me = groups.caller.employee_id

    def owns(group_id: str) -> bool:
        relation = groups.mine[group_id]
        in_owner_set = me in groups.docs.get(group_id, {}).get("owners", [])
        return in_owner_set or (relation["status"] == "member" and relation.get("role") == "owner")

    chosen = sorted(g for g in groups.mine if g in created or owns(g))
    return [
        CreatedOrOwnedGroup(
            **groups.facts(g),
            created_at=(groups.visible(g) or {}).get("created_at"),
            created_by_me=g in created,
            owner=owns(g),
        )
        for g in chosen
    ]
