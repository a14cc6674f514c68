"""What SCIM routes depend on: the caller's role, the base URL, the read wait, the attributes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from servicekit.auth import Principal
from servicekit.http.security import CurrentPrincipal, require_roles

from profile_service.api.scim.attributes import Selection, query_selection

PREFIX = "/scim/v2"


async def provisioner(principal: CurrentPrincipal) -> Principal:
    """Only tokens with the role ``provisioner`` may provision."""
    require_roles(principal, "provisioner")
    return principal


async def scim_base(request: Request) -> str:
    """The absolute URL of ``/scim/v2`` as the client reached it (for references)."""
    return f"{str(request.base_url).rstrip('/')}{PREFIX}"


async def read_wait(request: Request) -> float:
    """How long a list may wait for the directory to hold recent writes (seconds)."""
    wait: float = request.app.state.runtime.settings.consistency_wait_s
    return wait


Attributes = Annotated[
    str | None, Query(max_length=2000, description="Comma-separated attributes to return")
]
Excluded = Annotated[
    str | None,
    Query(alias="excludedAttributes", max_length=2000, description="Attributes to leave out"),
]


async def selected(attributes: Attributes = None, excluded: Excluded = None) -> Selection:
    """The ``attributes`` / ``excludedAttributes`` query parameters."""
    return query_selection(attributes, excluded)


Selected = Annotated[Selection, Depends(selected)]


Provisioner = Annotated[Principal, Depends(provisioner)]
ScimBase = Annotated[str, Depends(scim_base)]
Wait = Annotated[float, Depends(read_wait)]
