"""SCIM <-> profile translation: resources, PATCH operations, filters, paging."""

from __future__ import annotations

import pytest
from profile_service.api.scim.errors import ScimError, scim_error_for
from profile_service.api.scim.listing import page_bounds, parse_filter
from profile_service.api.scim.mapping import profile_from_user
from profile_service.api.scim.patch import patch_changes
from profile_service.api.scim.resource import scim_user
from profile_service.api.scim.schema import ENTERPRISE_USER, PatchOperation, User
from pydantic import ValidationError

BASE = "https://hub.example.com/scim/v2"
USER = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_USER],
    "userName": "Ana.Muller@Example.com",
    "externalId": "hr-77",
    "name": {"givenName": "Ana", "familyName": "Müller", "formatted": "not kept"},
    "nickName": "not kept",
    "title": "Engineer",
    "emails": [{"value": "ana@example.com", "type": "work", "primary": True}],
    "addresses": [{"type": "work", "locality": "Berlin", "country": "de"}],
    "locale": "de-DE",
    "active": "True",
    ENTERPRISE_USER: {
        "employeeNumber": "77",
        "department": "Platform",
        "costCenter": "not kept",
        "manager": {"value": "boss-1", "$ref": f"{BASE}/Users/boss-1"},
    },
}


def test_user_maps_to_profile_fields() -> None:
    profile = profile_from_user(User.model_validate(USER))
    assert profile == {
        "user_name": "Ana.Muller@Example.com",
        "external_id": "hr-77",
        "given_name": "Ana",
        "family_name": "Müller",
        "job_title": "Engineer",
        "email": "ana@example.com",
        "employee_number": "77",
        "department": "Platform",
        "manager_id": "boss-1",
        "location": "Berlin",
        "country": "DE",
        "locale": "de-DE",
    }
    assert User.model_validate(USER).active is True


def test_resource_round_trips_through_the_mapping() -> None:
    profile = profile_from_user(User.model_validate(USER))
    resource = scim_user(
        "e1", profile, active=True, version=3, created=None, modified=None, base=BASE
    )
    assert resource["meta"] == {
        "resourceType": "User",
        "location": f"{BASE}/Users/e1",
        "version": 'W/"3"',
    }
    assert resource[ENTERPRISE_USER]["manager"] == {
        "value": "boss-1",
        "$ref": f"{BASE}/Users/boss-1",  # absolute, as RFC 7643 §2.3.7 wants references
    }
    assert resource["name"] == {"givenName": "Ana", "familyName": "Müller"}  # no formatted
    assert "nickName" not in resource and "costCenter" not in resource[ENTERPRISE_USER]
    assert profile_from_user(User.model_validate(resource)) == profile


def test_without_extension_values_the_extension_is_not_claimed() -> None:
    resource = scim_user(
        "e2", {"user_name": "x"}, active=False, version=1, created=None, modified=None, base=BASE
    )
    assert resource == {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "e2",
        "userName": "x",
        "active": False,
        "meta": {"resourceType": "User", "location": f"{BASE}/Users/e2", "version": 'W/"1"'},
    }


def refusal(body: dict[str, object]) -> ScimError:
    """The SCIM error a POST of ``body`` is answered with (as the routes map it)."""
    try:
        profile_from_user(User.model_validate(body))
    except (ScimError, ValidationError) as exc:
        error = scim_error_for(exc)
        assert error is not None
        return error
    raise AssertionError("accepted")


@pytest.mark.parametrize(
    "change",
    [
        {"userName": "   "},
        {"title": ""},
        {"addresses": [{"country": "XX"}]},
        {"emails": [{"value": "a@example.com"}, {"value": "b@example.com"}]},
        {"phoneNumbers": [{"value": "+1 1"}, {"value": "+1 2"}]},
        {ENTERPRISE_USER: {"manager": {"value": "a", "$ref": f"{BASE}/Users/b"}}},
        {ENTERPRISE_USER: {"manager": {"$ref": "https://elsewhere.example.com/people/7"}}},
    ],
)
def test_values_the_service_cannot_keep_are_refused(change: dict[str, object]) -> None:
    refused = refusal(USER | change)
    assert refused.status == 400 and refused.scim_type == "invalidValue"


def test_a_user_name_need_not_be_an_address_and_an_address_is_the_default_email() -> None:
    assert profile_from_user(User(user_name="jdoe")) == {"user_name": "jdoe"}
    assert profile_from_user(User(user_name="j@example.com"))["email"] == "j@example.com"


def op(op: str, path: str | None = None, value: object = None) -> PatchOperation:
    return PatchOperation(op=op, path=path, value=value)


def test_patch_operations_in_the_shapes_identity_providers_send() -> None:
    patch = patch_changes(
        [
            op("Replace", value={"active": "False", "displayName": "Ana M.", "nickName": "x"}),
            op("replace", 'emails[type eq "work"].value', "ana.m@example.com"),
            op("add", f"{ENTERPRISE_USER}:manager", {"value": "boss-2"}),
            op("remove", "phoneNumbers"),
            op("replace", "name", {"givenName": "Anna", "formatted": "ignored"}),
            op("replace", ENTERPRISE_USER, {"department": "Data"}),
            op("add", "addresses", [{"locality": "Köln", "country": "DE", "type": "work"}]),
        ]
    )
    assert patch.active is False
    assert patch.changes == {
        "display_name": "Ana M.",
        "email": "ana.m@example.com",
        "manager_id": "boss-2",
        "phone": None,
        "given_name": "Anna",
        "department": "Data",
        "location": "Köln",
        "country": "DE",
    }
    assert patch.appended == {"location", "country"}  # an add to a multi-valued attribute


def test_patch_removals_clear_everything_the_attribute_holds() -> None:
    patch = patch_changes(
        [op("remove", "name"), op("remove", ENTERPRISE_USER), op("remove", "addresses")]
    )
    assert patch.changes == {
        "given_name": None,
        "family_name": None,
        "employee_number": None,
        "department": None,
        "organization": None,
        "manager_id": None,
        "location": None,
        "country": None,
    }


def test_patch_manager_by_id_string_or_reference() -> None:
    by_string = patch_changes([op("replace", f"{ENTERPRISE_USER}:manager", "boss-3")])
    by_ref = patch_changes([op("add", f"{ENTERPRISE_USER}:manager.$ref", f"{BASE}/Users/boss-3")])
    assert by_string.changes == by_ref.changes == {"manager_id": "boss-3"}


def test_patch_paths_of_attributes_not_kept_are_ignored() -> None:
    patch = patch_changes([op("replace", "shoeSize", 44), op("add", "emails.type", "home")])
    assert patch.changes == {} and patch.active is None


@pytest.mark.parametrize(
    "operation, scim_type",
    [
        (op("replace", "title eq", "x"), "invalidPath"),
        (op("replace", None, "x"), "noTarget"),
        (op("remove", None), "noTarget"),
        (op("replace", "active", "maybe"), "invalidValue"),
        (op("remove", "active"), "invalidValue"),
        (op("replace", "emails", [{"value": "a@x.org"}, {"value": "b@x.org"}]), "invalidValue"),
        (op("replace", "title", {"value": 3}), "invalidValue"),
        (op("replace", "name", "Ana"), "invalidValue"),
    ],
)
def test_bad_patch_operations(operation: PatchOperation, scim_type: str) -> None:
    with pytest.raises(ScimError) as refused:
        patch_changes([operation])
    assert refused.value.scim_type == scim_type


def test_unknown_patch_ops_are_refused_by_the_model() -> None:
    with pytest.raises(ValidationError):
        PatchOperation(op="move", path="title", value="x")
    assert PatchOperation(op="rEmOvE").op == "rEmOvE"  # ops are case-insensitive


def test_filters() -> None:
    assert parse_filter('userName eq "Ana@Example.com"') == ("userName", "Ana@Example.com")
    assert parse_filter('externalId EQ "a \\"b\\""') == ("externalId", 'a "b"')
    core = "urn:ietf:params:scim:schemas:core:2.0:User"
    assert parse_filter(f'{core}:id eq "e-1"') == ("id", "e-1")
    for bad in (
        'userName co "a"',
        'title eq "x"',
        "userName eq ana",
        'userName eq "a" or id eq "b"',
        'userName eq "\\q"',
    ):
        with pytest.raises(ScimError) as refused:
            parse_filter(bad)
        assert refused.value.scim_type == "invalidFilter"


@pytest.mark.parametrize(
    "start_index, count, bounds",
    [
        (1, None, (1, 100)),
        (0, 10, (1, 10)),
        (-7, -1, (1, 0)),
        (5, 10**40, (5, 200)),
        (10**40, 3, (10**40, 3)),
    ],
)
def test_paging_is_lenient_as_rfc_7644_says(
    start_index: int, count: int | None, bounds: tuple[int, int]
) -> None:
    assert page_bounds(start_index, count) == bounds
