"""Discovery (RFC 7644 §4): ``/ServiceProviderConfig``, ``/ResourceTypes``, ``/Schemas``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from profile_service.api.scim import codes, openapi, published
from profile_service.api.scim.bulk import MAX_OPERATIONS
from profile_service.api.scim.context import Provisioner, ScimBase
from profile_service.api.scim.errors import ScimError, ScimJSONResponse, ScimRoute
from profile_service.api.scim.urns import LIST_RESPONSE

router = APIRouter(route_class=ScimRoute, default_response_class=ScimJSONResponse)
ONE = openapi.answers(200, openapi.DiscoveryResource, 401, 403, 404)
ALL = openapi.answers(200, openapi.DiscoveryList, 401, 403)
Key = Annotated[str, Path(description="The id (a schema's URN)")]


@router.get(
    "/ServiceProviderConfig", responses=openapi.answers(200, openapi.DiscoveryResource, 401, 403)
)
async def service_provider_config(who: Provisioner, base: ScimBase, request: Request) -> Response:
    """What this SCIM service supports (RFC 7643 §5)."""
    max_payload: int = request.app.state.runtime.settings.max_body_bytes  # the body limit
    config = published.service_provider_config(
        base, max_operations=MAX_OPERATIONS, max_payload=max_payload
    )
    return ScimJSONResponse(config)


@router.get("/ResourceTypes", responses=ALL)
async def resource_types(who: Provisioner, base: ScimBase) -> Response:
    """The resource types served: ``User`` (with the enterprise extension)."""
    return ScimJSONResponse(_list(published.resource_types(base)))


@router.get("/ResourceTypes/{name}", responses=ONE)
async def resource_type(who: Provisioner, base: ScimBase, name: Key) -> Response:
    """One resource type by id."""
    return ScimJSONResponse(_one(published.resource_types(base), name, "resource type"))


@router.get("/Schemas", responses=ALL)
async def schemas(who: Provisioner, base: ScimBase) -> Response:
    """The schemas with exactly the attributes this service keeps."""
    return ScimJSONResponse(_list(published.schemas(base)))


@router.get("/Schemas/{urn}", responses=ONE)
async def schema(who: Provisioner, base: ScimBase, urn: Key) -> Response:
    """One schema by its URN."""
    return ScimJSONResponse(_one(published.schemas(base), urn, "schema"))


def _list(resources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "schemas": [LIST_RESPONSE],
        "totalResults": len(resources),
        "startIndex": 1,
        "itemsPerPage": len(resources),
        "Resources": list(resources.values()),
    }


def _one(resources: dict[str, dict[str, Any]], key: str, kind: str) -> dict[str, Any]:
    if key not in resources:
        raise ScimError(codes.NOT_FOUND, f"no {kind} {key!r}")
    return resources[key]
