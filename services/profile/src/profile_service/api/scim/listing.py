"""SCIM list and filter (RFC 7644 §3.4.2), served from the directory read model."""

from __future__ import annotations

import json
import re
from typing import Any

from servicekit.projection import ReadModels

from profile_service.api.scim.errors import ScimError
from profile_service.api.scim.mapping import scim_user
from profile_service.api.scim.schema import CORE_USER, LIST_RESPONSE
from profile_service.domain.fields import user_name_key
from profile_service.projections.directory import COLLECTION

DEFAULT_COUNT, MAX_COUNT = 100, 200
_EQ = re.compile(r'^\s*([A-Za-z][A-Za-z0-9.:]*)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$', re.IGNORECASE)
_ATTRIBUTES = {"username": "user_name_key", "externalid": "external_id", "id": "_id"}

SERVICE_PROVIDER_CONFIG: dict[str, Any] = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    "patch": {"supported": True},
    "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
    "filter": {"supported": True, "maxResults": MAX_COUNT},
    "changePassword": {"supported": False},
    "sort": {"supported": False},
    "etag": {"supported": True},
    "authenticationSchemes": [
        {
            "type": "oauthbearertoken",
            "name": "OAuth Bearer Token",
            "description": "JWT with the role provisioner",
        }
    ],
}


def parse_filter(text: str) -> dict[str, Any]:
    """The read-model filter of ``<attribute> eq "<value>"``; 400 invalidFilter otherwise."""
    match = _EQ.match(text)
    attribute = match.group(1).lower().removeprefix(CORE_USER.lower() + ":") if match else ""
    if match is None or attribute not in _ATTRIBUTES:
        raise ScimError(
            400,
            'supported filters: userName, externalId or id eq "value"',
            scim_type="invalidFilter",
        )
    value = json.loads(match.group(2))
    if attribute == "username":
        value = user_name_key(value)
    return {_ATTRIBUTES[attribute]: value}


async def list_users(
    models: ReadModels, filter_text: str | None, *, start_index: int, count: int
) -> dict[str, Any]:
    """A ListResponse page (``startIndex`` is 1-based)."""
    where = parse_filter(filter_text) if filter_text else {"sort_key": {"$gt": ""}}
    where = where | {"erased": False}
    collection = models[COLLECTION]
    total = await collection.count_documents(where)
    docs = []
    if count:
        cursor = collection.find(where, sort=[("sort_key", 1)], skip=start_index - 1, limit=count)
        docs = [doc async for doc in cursor]
    resources = [
        scim_user(
            d["_id"],
            d["profile"],
            active=d["active"],
            version=d["_v"],
            created=d.get("created_at"),
            modified=d.get("modified_at"),
        )
        for d in docs
    ]
    return {
        "schemas": [LIST_RESPONSE],
        "totalResults": total,
        "startIndex": start_index,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }
