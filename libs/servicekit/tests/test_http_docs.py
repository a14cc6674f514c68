"""The HTTP kit without servers: If-Match, tokens, cursors, ids, and what routes document."""

from __future__ import annotations

from typing import Any

import pytest
from collab_events.ids import is_id
from fastapi import APIRouter, Depends, FastAPI
from pydantic import BaseModel
from servicekit.http.app import install_openapi
from servicekit.http.commands import NO_VERSION, ExpectedVersion, parse_if_match
from servicekit.http.consistency import consistent, parse_token
from servicekit.http.cursors import Cursor, InvalidCursor, decode_cursor, encode_cursor
from servicekit.http.openapi import with_etag
from servicekit.http.problems import PROBLEM_JSON, Problem, ProblemType
from servicekit.http.routes import ProblemCatalog
from servicekit.http.security import CurrentPrincipal
from servicekit.testing.sample import tally_projection


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("*", None),
        ('"3"', 3),
        ('W/"3"', 3),  # weak comparison: SCIM clients send W/ tags
        (' "0" ', 0),
        ('"abc"', NO_VERSION),  # well-formed, names no version: can never match (412)
        ('"01"', NO_VERSION),  # not how we spell a version
        ('"", "abc"', NO_VERSION),
        ('"1", "7"', 7),
        (', "2" ,', 2),  # empty list elements are allowed (RFC 9110 §5.6.1)
    ],
)
def test_if_match_reads_entity_tags(header: str | None, expected: int | None) -> None:
    assert parse_if_match(header) == expected


@pytest.mark.parametrize("header", ["3", '"3', 'W/"3', "abc", '"a"b"', '"1" "2"', ",", '"\x7f"'])
def test_only_a_broken_if_match_is_400(header: str) -> None:
    with pytest.raises(Problem) as raised:
        parse_if_match(header)
    assert raised.value.status == 400 and raised.value.type.endswith(":if-match")


def test_consistency_tokens_parse_ascii_versions_only() -> None:
    assert parse_token("group:g/member:e@12") == ("group:g/member:e", 12)
    assert parse_token("a@b@3") == ("a@b", 3)
    for broken in ("x@\u00b2", "x@\u0663", "@1", "x@", "x", "x@1 ", "a" * 500 + "@1"):
        with pytest.raises(Problem) as raised:
            parse_token(broken)
        assert raised.value.status == 400, broken


def test_cursors_that_decode_are_keys_and_the_rest_is_refused() -> None:
    assert decode_cursor(encode_cursor("0042|e-1")) == "0042|e-1"
    assert decode_cursor(None) is None and decode_cursor("") is None
    assert decode_cursor("_-8") == "\ufffd\ufffd"  # not UTF-8: an unusual key, not an error
    for broken in ("A", "ABCDE", "%%%", "garbage!", "AB=", "A" * 601):
        with pytest.raises(InvalidCursor):
            decode_cursor(broken)


def test_ids_are_ascii_path_segments() -> None:
    assert all(is_id(v) for v in ("e-1", "me", "0190b1c2-7d3e-7abc-8def-0123456789ab", "a.b_c"))
    for bad in (
        "",
        ".",
        "..",
        "-x",
        "a/b",
        "a b",
        "a:b",
        "a@b",
        "\U0001f600",
        "é",
        "x" * 65,
        "a\n",
    ):
        assert not is_id(bad), bad


class Oops(Exception):
    """A domain error base."""


class Missing(Oops):
    """Not there."""


class Clash(Oops):
    """In the way."""


MISSING = ProblemType(404, "thing-not-found", "Thing not found")
CLASH = ProblemType(409, "thing-clash", "Thing clash")


def test_a_catalog_maps_every_domain_error() -> None:
    with pytest.raises(ValueError, match="Clash"):
        ProblemCatalog(Oops, {Missing: MISSING})
    catalog = ProblemCatalog(Oops, {Missing: MISSING, Clash: CLASH})
    problem = catalog.problem(Missing("gone"))
    assert (problem.status, problem.type, problem.detail) == (404, MISSING.uri, "gone")


class Body(BaseModel):
    """A request body."""

    n: int


def _documented_app() -> dict[str, Any]:
    catalog = ProblemCatalog(Oops, {Missing: MISSING, Clash: CLASH})
    router = APIRouter(prefix="/v1/things", route_class=catalog.route_class)
    read = Depends(consistent(tally_projection()))

    @router.get("/{thing}", dependencies=[read], responses=catalog.responses(Missing) | with_etag())
    async def get_thing(
        thing: str, caller: CurrentPrincipal, cursor: Cursor = None
    ) -> dict[str, str]:
        return {}

    @router.post("", status_code=201, responses=catalog.responses(Clash))
    async def create_thing(body: Body, caller: CurrentPrincipal) -> dict[str, str]:
        return {}

    @router.patch("/{thing}", responses=catalog.responses(Missing, Clash))
    async def change_thing(thing: str, body: Body, expected: ExpectedVersion) -> dict[str, str]:
        return {}

    app = FastAPI()
    install_openapi(app)
    app.include_router(router)
    return app.openapi()


def _types(response: dict[str, Any]) -> list[str]:
    schema = response["content"][PROBLEM_JSON]["schema"]
    return sorted(t.rsplit(":", 1)[-1] for t in schema["allOf"][1]["properties"]["type"]["enum"])


def test_routes_document_every_answer_as_problem_json() -> None:
    document = _documented_app()
    get = document["paths"]["/v1/things/{thing}"]["get"]["responses"]
    assert sorted(get) == ["200", "400", "401", "404", "422", "503"]
    assert _types(get["400"]) == ["consistency-token", "invalid-cursor"]
    assert get["401"]["headers"]["WWW-Authenticate"]["required"] is True
    assert get["503"]["headers"]["Retry-After"]["required"] is True
    assert "ETag" in get["200"]["headers"] and "HTTPValidationError" not in str(document)
    post = document["paths"]["/v1/things"]["post"]["responses"]
    assert sorted(post) == ["201", "400", "401", "409", "413", "422"]
    assert _types(post["409"]) == ["concurrency", "thing-clash"]
    assert {"ETag", "Consistency-Token", "Location"} <= set(post["201"]["headers"])
    patch = document["paths"]["/v1/things/{thing}"]["patch"]["responses"]
    assert _types(patch["412"]) == ["precondition-failed"]
    assert _types(patch["400"]) == ["if-match", "malformed-body"]
    assert "Problem" in document["components"]["schemas"]


def test_optional_parameters_are_documented_without_null() -> None:
    parameters = _documented_app()["paths"]["/v1/things/{thing}"]["get"]["parameters"]
    cursor = next(p for p in parameters if p["name"] == "cursor")
    assert cursor["schema"]["type"] == "string" and "anyOf" not in cursor["schema"]
    token = next(p for p in parameters if p["name"] == "Consistency-Token")
    assert token["in"] == "header" and token["schema"]["pattern"]
