"""The SCIM 2.0 service at ``/scim/v2``: Users, search, discovery, Bulk; SCIM errors elsewhere.

Any other path under ``/scim/v2`` answers a SCIM error: 405 with ``Allow`` when
the path exists for other methods (``PUT /Users``: ``Allow: GET, POST``), else 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute

from profile_service.api.scim import bulk, codes, discovery, search, users
from profile_service.api.scim.context import PREFIX
from profile_service.api.scim.errors import ScimError, ScimJSONResponse, ScimRoute

router = APIRouter(
    prefix=PREFIX, tags=["scim"], route_class=ScimRoute, default_response_class=ScimJSONResponse
)
router.include_router(search.router)
router.include_router(users.router)
router.include_router(discovery.router)
router.include_router(bulk.router)
_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


_SERVED = [
    route
    for module in (search, users, discovery, bulk)
    for route in module.router.routes
    if isinstance(route, APIRoute) and route.endpoint is not search.search_only_posts
]


@router.api_route("/{path:path}", methods=_METHODS, include_in_schema=False)
async def not_routed(request: Request, path: str) -> Response:
    """A SCIM error for what no route serves (registered last: it matches every path)."""
    allowed = sorted(_methods_of(f"/{path}"))
    if allowed:
        detail = f"{request.method} is not supported here"
        raise ScimError(codes.METHOD_NOT_ALLOWED, detail, headers={"Allow": ", ".join(allowed)})
    raise ScimError(codes.NOT_FOUND, f"no SCIM endpoint at {request.url.path}")


def _methods_of(path: str) -> set[str]:
    """The methods served at ``path`` (relative to ``/scim/v2``)."""
    return {m for route in _SERVED if route.path_regex.match(path) for m in route.methods or ()}
