"""``POST /.search`` and ``POST /Users/.search`` (RFC 7644 §3.4.3): a list query in the body.

``Users`` is the only resource type, so a search at the root searches Users. The
router is included before the Users routes, so ``GET /Users/.search`` is a 405, not
the lookup of a user called ``.search``.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from profile_service.api.deps import PortsDep
from profile_service.api.scim import codes, openapi
from profile_service.api.scim.attributes import selection
from profile_service.api.scim.context import Provisioner, ScimBase, Wait
from profile_service.api.scim.errors import ScimError, ScimJSONResponse, ScimRoute
from profile_service.api.scim.listing import ListQuery, list_response
from profile_service.api.scim.schema import SearchRequest

router = APIRouter(route_class=ScimRoute, default_response_class=ScimJSONResponse)
RESPONSES = openapi.answers(200, openapi.UserList, 400, 401, 403, 503)


@router.post("/.search", responses=RESPONSES)
async def search(
    body: SearchRequest, who: Provisioner, ports: PortsDep, base: ScimBase, wait: Wait
) -> Response:
    """Search every resource type (here: Users)."""
    return await _search(body, ports, base, wait)


@router.post("/Users/.search", responses=RESPONSES)
async def search_users(
    body: SearchRequest, who: Provisioner, ports: PortsDep, base: ScimBase, wait: Wait
) -> Response:
    """Search Users with filter, paging and attributes in the body."""
    return await _search(body, ports, base, wait)


@router.api_route(
    "/Users/.search",
    methods=["GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
    include_in_schema=False,
)
async def search_only_posts() -> Response:
    """``/Users/.search`` is no user id (ids start with a letter or digit): POST only."""
    raise ScimError(
        codes.METHOD_NOT_ALLOWED, "/Users/.search answers POST only", headers={"Allow": "POST"}
    )


async def _search(body: SearchRequest, ports: PortsDep, base: str, wait: float) -> Response:
    pick = selection(body.attributes, body.excluded_attributes)
    query = ListQuery(body.filter, body.start_index, body.count, pick)
    page = await list_response(ports, query, base=base, wait_s=wait)
    return ScimJSONResponse(page)
