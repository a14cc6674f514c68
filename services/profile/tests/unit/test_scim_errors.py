"""SCIM error kinds and PATCH targets: the document states what the service refuses."""

from __future__ import annotations

import re
from typing import Any

import pytest
from profile_service.api.errors import CATALOG
from profile_service.api.scim import codes
from profile_service.api.scim.errors import _DOMAIN, ScimError, scim_error_response
from profile_service.api.scim.grammar import ATTRIBUTE_PATH, PATH, URN_PATH
from profile_service.api.scim.patch import patch_changes
from profile_service.api.scim.paths import attribute_path, normalise_path
from profile_service.api.scim.schema import PatchOperation
from profile_service.api.scim.urns import CORE_USER, ENTERPRISE_USER


def op(name: str, path: str | None = None, value: Any = None) -> PatchOperation:
    return PatchOperation(op=name, path=path, value=value)


def test_domain_refusals_carry_the_v1_problem_type_names() -> None:
    for error_type, kind in _DOMAIN.items():
        assert kind.code == CATALOG.kind(error_type).name, error_type
        assert kind.decision == (kind.status == 400), error_type


def test_the_detail_starts_with_the_code_and_the_body_has_only_rfc_members() -> None:
    response = scim_error_response(ScimError(codes.MANAGER_NOT_FOUND, "manager 'x' not found"))
    body = response.body.decode()
    assert response.status_code == 400 and response.media_type == "application/scim+json"
    assert '"detail":"manager-not-found: manager \'x\' not found"' in body
    assert re.findall(r'"(\w+)":', body) == ["schemas", "status", "detail", "scimType"]


def test_codes_are_unique_and_read_back_from_the_detail() -> None:
    assert len(codes.BY_CODE) == len(codes.ALL)
    with pytest.raises(ValueError):
        codes.ScimErrorType(400, "Not A Code", "t")


@pytest.mark.parametrize(
    ("path", "normal"),
    [
        ('emails[type eq "work"].value', "emails.value"),
        (" name.givenName ", "name.givenname"),
        (f"{ENTERPRISE_USER}:manager.$ref", "enterprise.manager.$ref"),
        (f"{ENTERPRISE_USER.upper()}", "enterprise"),
        (CORE_USER, ""),
        (f"{CORE_USER}:userName", "username"),
    ],
)
def test_paths_in_attribute_notation(path: str, normal: str) -> None:
    assert re.search(PATH, path) and normalise_path(path) == normal


# "\u212aey" lower-cases to "key", which once let it through: the grammar is ASCII
BAD_PATHS = ["", "  ", "title eq", "a b", "urn:other:ext:x", "na[me", "\u212aey", "\uff4eame"]


@pytest.mark.parametrize("path", BAD_PATHS)
def test_paths_the_document_refuses_are_invalid_paths(path: str) -> None:
    assert not re.search(PATH, path) and attribute_path(path) is None
    with pytest.raises(ScimError) as refused:
        normalise_path(path)
    assert refused.value.kind is codes.INVALID_PATH


def test_a_urn_alone_takes_an_object_and_any_other_path_any_value() -> None:
    assert re.search(URN_PATH, ENTERPRISE_USER) and not re.search(ATTRIBUTE_PATH, ENTERPRISE_USER)
    cleared = patch_changes([op("replace", ENTERPRISE_USER, None)])
    assert cleared.changes["department"] is None
    assert patch_changes([op("remove", ENTERPRISE_USER, 7)]).changes["department"] is None
    for value in ("Platform", 7, [{"department": "x"}]):
        with pytest.raises(ScimError) as refused:
            patch_changes([op("add", ENTERPRISE_USER, value)])
        assert refused.value.kind is codes.INVALID
    assert patch_changes([op("add", "shoeSize", [1, 2])]).changes == {}


def test_keys_of_a_value_in_no_attribute_notation_name_nothing_kept() -> None:
    patch = patch_changes([op("add", None, {"a b": 1, "": 2, "title": "Lead"})])
    assert patch.changes == {"job_title": "Lead"}
