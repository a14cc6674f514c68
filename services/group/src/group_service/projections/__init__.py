"""Read models, one module per projection; importing the package registers every handler."""

from __future__ import annotations

from group_service.projections import memberships, people
from group_service.projections.groups import GROUPS_PROJECTION
from group_service.projections.members import MEMBERS_PROJECTION

PROJECTIONS = (GROUPS_PROJECTION, MEMBERS_PROJECTION)

__all__ = ["GROUPS_PROJECTION", "MEMBERS_PROJECTION", "PROJECTIONS", "memberships", "people"]
