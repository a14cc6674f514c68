"""Poll forms as the polling API's bodies: a new poll, and a ballot of any kind.

The browser's secret-ballot script (``static/js/polls.js``) reads the same ballot form
with the same rules, so an open and a secret ballot of one kind look alike.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.datastructures import FormData

KINDS = ("single", "multiple", "ranked", "rating")
SECRECIES = ("open", "anonymous", "secret")
VISIBILITIES = ("after_close", "after_vote", "always", "owners")
MAX_DURATION_MIN = 60 * 24 * 366
MAX_OPTION_LINES = 20


class FormInvalid(ValueError):
    """A form field the gateway can refuse before asking the service."""


def _choice(form: FormData, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = str(form.get(name) or default)
    if value not in allowed:
        raise FormInvalid(name)
    return value


def _int(form: FormData, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(str(form.get(name) or default))
    except ValueError as exc:
        raise FormInvalid(name) from exc
    if not low <= value <= high:
        raise FormInvalid(name)
    return value


def new_poll_body(form: FormData, now: datetime | None = None) -> dict[str, Any]:
    """``POST /v1/polls`` from the new-poll form (options one per line; duration in minutes)."""
    lines = str(form.get("options") or "").splitlines()
    options = [{"label": line.strip()} for line in lines if line.strip()][:MAX_OPTION_LINES]
    minutes = _int(form, "duration_min", 7 * 24 * 60, 1, MAX_DURATION_MIN)
    closes_at = (now or datetime.now(UTC)) + timedelta(minutes=minutes)
    kind = _choice(form, "kind", KINDS, "single")
    body: dict[str, Any] = {
        "question": str(form.get("question") or "").strip(),
        "description": str(form.get("description") or "").strip(),
        "options": options,
        "kind": kind,
        "abstain": form.get("abstain") == "on",
        "allow_change": form.get("allow_change") == "on",
        "secrecy": _choice(form, "secrecy", SECRECIES, "open"),
        "results_visibility": _choice(form, "results_visibility", VISIBILITIES, "after_close"),
        "group_id": str(form.get("group_id") or "") or None,
        "closes_at": closes_at.isoformat(),
    }
    if kind == "multiple":
        body["max_choices"] = _int(form, "max_choices", 2, 1, MAX_OPTION_LINES)
    return body


def ballot_body(form: FormData, kind: str, option_ids: list[str]) -> dict[str, Any]:
    """The ballot a ballot form holds: choice, ranking, ratings, or abstention."""
    if form.get("abstain") == "true":
        return {"abstain": True}
    if kind in ("single", "multiple"):
        return {"choice": [str(v) for v in form.getlist("choice") if v in option_ids]}
    if kind == "ranked":
        ranks = {o: _rank(form.get(f"rank-{o}")) for o in option_ids}
        ranked = sorted((r, o) for o, r in ranks.items() if r is not None)
        return {"ranking": [o for _, o in ranked]}
    ratings = {o: _rank(form.get(f"rating-{o}")) for o in option_ids}
    return {"ratings": {o: r for o, r in ratings.items() if r is not None}}


def _rank(value: Any) -> int | None:
    """A positive whole number from a form field, or None when blank or not one."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None
