"""What /Schemas publishes is exactly what a User carries, and every published value round-trips."""

from __future__ import annotations

from typing import Any

import pytest
from profile_service.api.scim import published
from profile_service.api.scim.attributes import query_selection, selection
from profile_service.api.scim.errors import ScimError
from profile_service.api.scim.mapping import profile_from_user
from profile_service.api.scim.resource import scim_user
from profile_service.api.scim.schema import CORE_USER, ENTERPRISE_USER, User
from scim2_models import ResourceType, Schema, ScimProvider

BASE = "http://scim.test/scim/v2"
COMMON = {"schemas", "id", "externalId", "meta"}  # RFC 7643 §3.1: in no schema
FULL = {
    "userName": "full.user@example.com",
    "externalId": "hr-1",
    "name": {"givenName": "Full", "familyName": "User"},
    "displayName": "Fully",
    "title": "Tester",
    "locale": "en-GB",
    "timezone": "Europe/London",
    "active": True,
    "emails": [{"value": "full@example.com"}],
    "phoneNumbers": [{"value": "+44 20 1234"}],
    "photos": [{"value": "https://photos.example.com/full.jpg"}],
    "addresses": [{"locality": "London", "country": "GB"}],
    ENTERPRISE_USER: {
        "employeeNumber": "1",
        "organization": "Org",
        "department": "QA",
        "manager": {"value": "boss", "$ref": f"{BASE}/Users/boss"},
    },
}


def render(body: dict[str, Any]) -> dict[str, Any]:
    profile = profile_from_user(User.model_validate(body))
    active = body.get("active", True)
    return scim_user(
        "e1", profile, active=active, version=1, created=None, modified=None, base=BASE
    )


def shape(attributes: list[dict[str, Any]]) -> dict[str, Any]:
    return {a["name"]: shape(a.get("subAttributes", [])) for a in attributes}


def keys(value: Any) -> Any:
    if isinstance(value, list):
        value = value[0]
    return {k: keys(v) for k, v in value.items()} if isinstance(value, dict) else {}


def test_published_attributes_are_exactly_those_of_a_full_user() -> None:
    resource = render(FULL)
    assert resource == {
        **FULL,
        "schemas": resource["schemas"],
        "id": "e1",
        "meta": resource["meta"],
    }
    schemas = published.schemas(BASE)
    core = {k: v for k, v in keys(resource).items() if k not in COMMON | {ENTERPRISE_USER}}
    assert shape(schemas[CORE_USER]["attributes"]) == core
    assert shape(schemas[ENTERPRISE_USER]["attributes"]) == keys(resource[ENTERPRISE_USER])


def test_every_canonical_value_is_accepted_and_kept_as_sent() -> None:
    users = {
        "locale": lambda v: (FULL | {"locale": v}, lambda r: r["locale"]),
        "timezone": lambda v: (FULL | {"timezone": v}, lambda r: r["timezone"]),
        "country": lambda v: (
            FULL | {"addresses": [{"locality": "X", "country": v}]},
            lambda r: r["addresses"][0]["country"],
        ),
    }
    checked, changed = 0, []
    for schema in published.schemas(BASE).values():
        for attribute in schema["attributes"]:
            for inner in [attribute, *attribute.get("subAttributes", [])]:
                for value in inner.get("canonicalValues", []):
                    body, read = users[inner["name"]](value)
                    checked += 1
                    if read(render(body)) != value:
                        changed.append(value)
    assert checked > 500 and changed == []


def test_the_published_documents_describe_a_service_scim2_models_can_build() -> None:
    schemas = [Schema.model_validate(s) for s in published.schemas(BASE).values()]
    types = [ResourceType.model_validate(t) for t in published.resource_types(BASE).values()]
    provider = ScimProvider.from_discovery(schemas, types, None)
    model = provider.model_for(types[0])
    assert model is not None
    parsed = model.model_validate(render(FULL))
    assert parsed.model_dump(by_alias=True, exclude_none=True)["userName"] == FULL["userName"]


def test_attributes_keep_what_is_asked_and_the_minimum() -> None:
    resource = render(FULL)
    picked = selection(["userName,name.familyName", f"{ENTERPRISE_USER}:manager.value"], [])
    assert picked.apply(resource) == {
        "schemas": [CORE_USER, ENTERPRISE_USER],
        "id": "e1",
        "userName": FULL["userName"],
        "name": {"familyName": "User"},
        ENTERPRISE_USER: {"manager": {"value": "boss"}},
    }
    emails = query_selection(f"{CORE_USER}:EMAILS.value,addresses.country", None)
    assert emails.apply(resource) == {
        "schemas": [CORE_USER],
        "id": "e1",
        "emails": [{"value": "full@example.com"}],
        "addresses": [{"country": "GB"}],
    }


def test_excluded_attributes_drop_all_but_the_minimum() -> None:
    resource = render(FULL)
    dropped = query_selection(None, f"id,schemas,meta,name.givenName,{ENTERPRISE_USER},emails")
    assert dropped.apply(resource) == {
        k: v for k, v in resource.items() if k not in ("meta", ENTERPRISE_USER, "emails")
    } | {"schemas": [CORE_USER], "name": {"familyName": "User"}}
    assert query_selection(None, "userName.nothing").apply(resource) == resource


def test_both_lists_give_the_attributes_less_the_excluded() -> None:
    resource = render(FULL)
    both = selection(["name,title,emails"], ["name.givenName,emails.value,id"])
    assert both.apply(resource) == {
        "schemas": [CORE_USER],
        "id": "e1",
        "name": {"familyName": "User"},
        "title": "Tester",
    }


def test_too_many_names_are_refused() -> None:
    with pytest.raises(ScimError) as refused:
        query_selection(",".join(["title"] * 51), None)
    assert refused.value.scim_type == "invalidValue"
