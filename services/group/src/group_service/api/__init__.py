"""HTTP API of the group service."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from servicekit.http.consistency import consistent
from servicekit.projection import Projection

from group_service.api.groups import groups_router
from group_service.api.invitations import invitations_router
from group_service.api.listings import group_lists_router, personal_router
from group_service.api.membership import membership_router


def routers(*read_models: Projection) -> list[APIRouter]:
    """Every router; reads honour Consistency-Token against ``read_models``."""
    wait = Depends(consistent(*read_models))
    return [
        groups_router(wait),
        membership_router(),
        invitations_router(),
        group_lists_router(wait),
        personal_router(wait),
    ]
