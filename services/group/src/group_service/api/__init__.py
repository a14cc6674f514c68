"""HTTP API of the group service: module-level routers, in the order they are mounted."""

from __future__ import annotations

from group_service.api import groups, invitations, listings, membership, privacy

ROUTERS = (
    groups.router,
    membership.router,
    invitations.router,
    listings.lists_router,
    listings.personal_router,
    privacy.router,
)

__all__ = ["ROUTERS"]
