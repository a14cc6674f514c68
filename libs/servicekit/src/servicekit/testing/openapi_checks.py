"""How every service's OpenAPI document is checked by schemathesis: bounds, checks, quirks.

``schemathesis_config`` turns every check on, bounds the run by examples per
operation, and passes the caller's token as the documented bearer (so schemathesis'
own cases without it really go without it). Two adjustments, each explained below,
keep the verdicts about our service and not about the checker.
"""

from __future__ import annotations

import re
from typing import Any

from schemathesis import Case, CheckContext, Response
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import TestPhase
from schemathesis.specs.openapi.checks import positive_data_acceptance

from servicekit.http.openapi import DECISION_KEY, PROBLEMS_KEY
from servicekit.http.problems import TYPE_BASE

# Answers that depend on state the generator cannot know: a drawn id names no resource
# (404), a drawn ETag is not the current version (412), a drawn state conflicts (409).
POSITIVE_STATUSES = ["2xx", "401", "403", "404", "409", "412"]


def schemathesis_config(*, seed: int, max_examples: int, bearer: str) -> dict[str, Any]:
    """Settings of a bounded run with every check (``schemathesis.Config.from_dict``)."""
    return {
        "seed": seed,
        "auth": {"openapi": {"HTTPBearer": {"bearer": bearer}}},
        "generation": {"mode": "all", "max-examples": max_examples, "database": "none"},
        "checks": {
            "enabled": True,
            "positive_data_acceptance": {"expected-statuses": POSITIVE_STATUSES},
        },
        "phases": {"stateful": {"enabled": False}},
        "request-timeout": 30,
        "output": {"sanitization": {"enabled": False}},  # test tokens: show failing requests
    }


def drop_unsatisfied_headers(case: Case[Any]) -> None:
    """Remove optional headers that a coverage case labelled positive sent against their pattern.

    schemathesis 4.32.5 builds coverage cases only from alphanumeric header values; for a
    header whose pattern needs another character (``@`` of a Consistency-Token, ``"`` of
    an If-Match) it finds no valid value and keeps an invalid one ("0") in cases it still
    labels positive. Leaving the optional header out makes such a case what its label says.
    """
    meta = case.meta
    if meta is None or meta.phase.name != TestPhase.COVERAGE or not case.headers:
        return
    if not meta.generation.mode.is_positive:
        return
    for parameter in case.operation.iter_parameters():
        if parameter.location != ParameterLocation.HEADER or parameter.is_required:
            continue
        pattern = parameter.definition.get("schema", {}).get("pattern")
        value = case.headers.get(parameter.name)
        if pattern and isinstance(value, str) and not re.search(pattern, value):
            del case.headers[parameter.name]


def valid_data_accepted(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """schemathesis' positive_data_acceptance, but a documented decision is no refusal.

    A refusal says the request broke the documented schema (``validation-error``,
    ``malformed-body``, a SCIM ``invalidValue`` for a value the schema should have
    refused): for schema-valid data that is a failure. A refusal whose code the
    operation's document lists as a decision (``manager-not-found`` for a drawn manager
    id, SCIM's ``manager-references-disagree``) is a decision on the state or a rule
    across fields that no schema states, like the 404 and 409 the check allows.
    """
    if _documented_decision(response, case):
        return None
    return positive_data_acceptance(ctx, response, case)


def error_code(response: Response) -> str | None:
    """The stable code of an error answer: a problem's type name, a SCIM error's detail prefix.

    SCIM errors (RFC 7644 §3.12) have no member for a code and SCIM clients refuse unknown
    members, so their ``detail`` starts with it: ``"manager-not-found: manager 'x' ..."``.
    """
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    kind, detail = body.get("type"), body.get("detail")
    if isinstance(kind, str) and kind.startswith(TYPE_BASE):
        return kind.removeprefix(TYPE_BASE)
    match = _CODE.match(detail) if isinstance(detail, str) else None
    return match.group(1) if match else None


def _documented_decision(response: Response, case: Case[Any]) -> bool:
    code = error_code(response)
    responses = case.operation.definition.raw.get("responses", {})
    listed = responses.get(str(response.status_code), {}).get(PROBLEMS_KEY, [])
    return code is not None and any(
        item.get("name") == code and item.get(DECISION_KEY) for item in listed
    )


_CODE = re.compile(r"^([a-z][a-z0-9-]*): ")


CHECKS: dict[str, Any] = {
    "excluded_checks": [positive_data_acceptance],
    "additional_checks": [valid_data_accepted],
}
"""Keyword arguments of ``case.call_and_validate`` that replace the acceptance check."""
