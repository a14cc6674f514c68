"""Who may see, read and post in a group: the rules every consuming service shares.

- A deleted group is gone for everyone; a reader who is deactivated or erased gets nothing.
- Platform admins (decided by the caller from its token's roles) see, read and post
  everywhere else, but an archived group is read-only for them too.
- Public groups are visible to and readable by every active employee; private groups are
  visible to all but readable by active members only; secret groups are visible to and
  readable by active members only (to anyone else they do not exist: answer 404).
- Posting needs active membership (any role) and a group that is not archived.
- An owner named by the group stream counts as a member before their membership event
  is projected (the group service writes both in one command).
"""

from __future__ import annotations

from dataclasses import dataclass

from collab_replicas.models import GroupFacts, Membership
from collab_replicas.status import PersonStatus


@dataclass(frozen=True, slots=True)
class Access:
    """What one employee may do with one group."""

    visible: bool
    readable: bool
    postable: bool


NO_ACCESS = Access(visible=False, readable=False, postable=False)


def is_member(group: GroupFacts, membership: Membership | None, employee_id: str) -> bool:
    """An active member, or an owner whose membership is not projected yet."""
    if membership is not None:
        return membership.counts
    return employee_id in group.owners


def decide_access(
    group: GroupFacts | None,
    membership: Membership | None,
    employee_id: str,
    reader: PersonStatus,
    *,
    admin: bool = False,
) -> Access:
    """The access of ``employee_id`` (whose status is ``reader``) to ``group``."""
    if group is None or group.deleted or not reader.active:
        return NO_ACCESS
    writable = not group.archived
    if admin:
        return Access(visible=True, readable=True, postable=writable)
    member = is_member(group, membership, employee_id)
    readable = member or group.visibility == "public"
    visible = readable or group.visibility == "private"
    return Access(visible=visible, readable=readable, postable=member and writable)
