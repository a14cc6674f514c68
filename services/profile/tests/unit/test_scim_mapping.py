"""SCIM <-> profile translation: resources, PATCH operations, filters."""

from __future__ import annotations

import pytest
from profile_service.api.scim.errors import ScimError
from profile_service.api.scim.listing import parse_filter
from profile_service.api.scim.mapping import profile_from_user, scim_user
from profile_service.api.scim.patch import patch_changes
from profile_service.api.scim.schema import ENTERPRISE_USER, PatchOperation, User

USER = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_USER],
    "userName": "Ana.Muller@Example.com",
    "externalId": "hr-77",
    "name": {"givenName": "Ana", "familyName": "Müller"},
    "title": "Engineer",
    "emails": [{"value": "other@example.com"}, {"value": "ana@example.com", "primary": True}],
    "addresses": [{"type": "work", "locality": "Berlin", "country": "de"}],
    "locale": "de-DE",
    "active": "True",
    ENTERPRISE_USER: {
        "employeeNumber": "77",
        "department": "Platform",
        "manager": {"value": "boss-1"},
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
    resource = scim_user("e1", profile, active=True, version=3, created=None, modified=None)
    assert resource["meta"]["version"] == 'W/"3"'
    assert resource[ENTERPRISE_USER]["manager"]["value"] == "boss-1"
    assert profile_from_user(User.model_validate(resource)) == profile


def test_invalid_values_are_scim_invalid_value() -> None:
    with pytest.raises(ScimError) as refused:
        profile_from_user(User.model_validate(USER | {"userName": "no email"}))
    assert refused.value.status == 400 and refused.value.scim_type == "invalidValue"


def op(op: str, path: str | None = None, value: object = None) -> PatchOperation:
    return PatchOperation(op=op, path=path, value=value)


def test_patch_operations_in_the_shapes_identity_providers_send() -> None:
    patch = patch_changes(
        [
            op("Replace", value={"active": "False", "displayName": "Ana M."}),
            op("replace", 'emails[type eq "work"].value', "ana.m@example.com"),
            op("add", f"{ENTERPRISE_USER}:manager", {"value": "boss-2"}),
            op("remove", "phoneNumbers"),
            op("replace", "name", {"givenName": "Anna"}),
            op("replace", ENTERPRISE_USER, {"department": "Data"}),
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
    }


@pytest.mark.parametrize(
    "operation, scim_type",
    [
        (op("move", "title", "x"), "invalidSyntax"),
        (op("replace", "shoeSize", 44), "invalidPath"),
        (op("replace", None, "x"), "noTarget"),
        (op("replace", "active", "maybe"), "invalidValue"),
    ],
)
def test_bad_patch_operations(operation: PatchOperation, scim_type: str) -> None:
    with pytest.raises(ScimError) as refused:
        patch_changes([operation])
    assert refused.value.scim_type == scim_type


def test_filters() -> None:
    assert parse_filter('userName eq "Ana@Example.com"') == {"user_name_key": "ana@example.com"}
    assert parse_filter('externalId EQ "a \\"b\\""') == {"external_id": 'a "b"'}
    for bad in (
        'userName co "a"',
        'title eq "x"',
        "userName eq ana",
        'userName eq "a" or id eq "b"',
    ):
        with pytest.raises(ScimError):
            parse_filter(bad)
