"""What the service publishes about itself (RFC 7643 §5-7): exactly the attributes it keeps.

Every attribute listed here round-trips: what a client writes is what it reads
back. Attributes of the standard schemas that are not listed (``nickName``,
``emails.type``, ``name.formatted``, ``costCenter``, ...) are ignored on input.
Canonical values are the values the service accepts (countries, time zones) or
common examples of them (locales, any BCP 47 tag is accepted).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from profile_service.api.scim.urns import CORE_USER, ENTERPRISE_USER
from profile_service.domain.values import COUNTRIES

SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
MAX_RESULTS = 200
LOCALES = ("de-DE", "en-GB", "en-US", "es-ES", "fr-FR", "it-IT", "ja-JP", "nl-NL", "pl-PL")


def _attr(name: str, type_: str = "string", **qualities: Any) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "name": name,
        "type": type_,
        "multiValued": False,
        "description": "",
        "required": False,
        "caseExact": False,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
    }
    return attribute | qualities


def _values(name: str, description: str, value: dict[str, Any]) -> dict[str, Any]:
    """A multi-valued complex attribute whose one kept sub-attribute is ``value``."""
    return _attr(name, "complex", multiValued=True, description=description, subAttributes=[value])


USER_ATTRIBUTES = [
    _attr(
        "userName",
        required=True,
        uniqueness="server",
        description="Login name; unique among active users, compared case-insensitively.",
    ),
    _attr(
        "name",
        "complex",
        description="The user's name.",
        subAttributes=[_attr("givenName"), _attr("familyName")],
    ),
    _attr("displayName", description="The name shown to colleagues."),
    _attr("title", description="Job title."),
    _attr("locale", description="BCP 47 language tag.", canonicalValues=list(LOCALES)),
    _attr("timezone", description="IANA time zone.", canonicalValues=sorted(available_timezones())),
    _attr("active", "boolean", required=True, description="false: deactivated (kept, hidden)."),
    _values("emails", "One work e-mail address.", _attr("value")),
    _values("phoneNumbers", "One work phone number.", _attr("value")),
    _values(
        "photos",
        "One https URL of a photo.",
        _attr("value", "reference", referenceTypes=["external"], caseExact=True),
    ),
    _attr(
        "addresses",
        "complex",
        multiValued=True,
        description="One work address: city and ISO 3166-1 alpha-2 country.",
        subAttributes=[_attr("locality"), _attr("country", canonicalValues=sorted(COUNTRIES))],
    ),
]
ENTERPRISE_ATTRIBUTES = [
    _attr("employeeNumber"),
    _attr("organization"),
    _attr("department"),
    _attr(
        "manager",
        "complex",
        description="The user's manager: a User of this service.",
        subAttributes=[
            _attr("value", description="The manager's id."),
            _attr("$ref", "reference", referenceTypes=["User"], caseExact=True),
        ],
    ),
]
_DESCRIPTIONS = {
    CORE_USER: ("User", "An employee.", USER_ATTRIBUTES),
    ENTERPRISE_USER: ("EnterpriseUser", "Organisation of an employee.", ENTERPRISE_ATTRIBUTES),
}


def _meta(base: str, resource_type: str, path: str) -> dict[str, str]:
    return {"resourceType": resource_type, "location": f"{base}/{path}"}


def schemas(base: str) -> dict[str, dict[str, Any]]:
    """The published schemas by id (``base``: the absolute URL of ``/scim/v2``)."""
    return {
        urn: {
            "schemas": [SCHEMA],
            "id": urn,
            "name": name,
            "description": description,
            "attributes": attributes,
            "meta": _meta(base, "Schema", f"Schemas/{urn}"),
        }
        for urn, (name, description, attributes) in _DESCRIPTIONS.items()
    }


def resource_types(base: str) -> dict[str, dict[str, Any]]:
    """The published resource types by id."""
    user = {
        "schemas": [RESOURCE_TYPE],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "Employees provisioned by the identity provider.",
        "schema": CORE_USER,
        "schemaExtensions": [{"schema": ENTERPRISE_USER, "required": False}],
        "meta": _meta(base, "ResourceType", "ResourceTypes/User"),
    }
    return {"User": user}


def service_provider_config(base: str, *, max_operations: int, max_payload: int) -> dict[str, Any]:
    """What this SCIM service supports (RFC 7643 §5); the bulk limits as the service applies."""
    bulk = {"supported": True, "maxOperations": max_operations, "maxPayloadSize": max_payload}
    return {
        "schemas": [CONFIG],
        "patch": {"supported": True},
        "bulk": bulk,
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
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
        "meta": _meta(base, "ServiceProviderConfig", "ServiceProviderConfig"),
    }
