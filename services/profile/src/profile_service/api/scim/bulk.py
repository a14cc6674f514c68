"""SCIM 2.0 Bulk (RFC 7644 §3.7): ``POST /Bulk`` runs many User operations in one request.

The limits are advertised in ``/ServiceProviderConfig``: ``maxOperations`` (more:
413 ``too-many-operations``) and ``maxPayloadSize``, the service's body limit (more:
413 ``payload-too-large``, answered before the body is read). The answer is 200 with
one entry per operation performed; a failed one carries its SCIM error.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from profile_service.api.deps import PortsDep
from profile_service.api.scim import codes, openapi
from profile_service.api.scim.bulk_run import run_bulk
from profile_service.api.scim.bulk_schema import BulkRequest, BulkResponse
from profile_service.api.scim.context import Provisioner, ScimBase
from profile_service.api.scim.errors import ScimError, ScimJSONResponse, ScimRoute
from profile_service.api.scim.urns import BULK_RESPONSE

MAX_OPERATIONS = 1000  # a batch of registrations is one append: keep its transaction bounded

router = APIRouter(route_class=ScimRoute, default_response_class=ScimJSONResponse)
_ANSWERS = openapi.answers(200, BulkResponse, 400, 401, 403)
_ANSWERS[413] = openapi.error_response([codes.TOO_LARGE, codes.TOO_MANY_OPERATIONS])


@router.post("/Bulk", responses=_ANSWERS)
async def bulk(body: BulkRequest, who: Provisioner, ports: PortsDep, base: ScimBase) -> Response:
    """Run POST, PUT, PATCH and DELETE operations on Users; ``bulkId:`` references resolve."""
    if len(body.operations) > MAX_OPERATIONS:
        detail = f"{len(body.operations)} operations; maxOperations is {MAX_OPERATIONS}"
        raise ScimError(codes.TOO_MANY_OPERATIONS, detail)
    answers = await run_bulk(ports, body, actor=who.sub, base=base)
    return ScimJSONResponse({"schemas": [BULK_RESPONSE], "Operations": answers})
