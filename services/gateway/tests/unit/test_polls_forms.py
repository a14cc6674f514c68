"""Poll forms as polling API bodies: the new-poll form and a ballot form of every kind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from gateway_service.pages.polls_forms import FormInvalid, ballot_body, new_poll_body
from starlette.datastructures import FormData

OPTIONS = ["o1", "o2", "o3"]
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_new_poll_form_becomes_the_api_body() -> None:
    form = FormData([
        ("question", " Where? "), ("options", "Lisbon\n\n Oslo \nRemote\n"), ("kind", "multiple"),
        ("max_choices", "2"), ("secrecy", "secret"), ("abstain", "on"), ("group_id", "g-1"),
        ("duration_min", "90"), ("results_visibility", "after_vote"),
    ])  # fmt: skip
    body = new_poll_body(form, NOW)
    assert body["question"] == "Where?"
    assert body["options"] == [{"label": "Lisbon"}, {"label": "Oslo"}, {"label": "Remote"}]
    assert (body["kind"], body["max_choices"], body["secrecy"]) == ("multiple", 2, "secret")
    assert body["abstain"] is True and body["allow_change"] is False
    assert body["closes_at"] == (NOW + timedelta(minutes=90)).isoformat()
    assert body["group_id"] == "g-1" and body["results_visibility"] == "after_vote"
    assert "max_choices" not in new_poll_body(FormData([("kind", "single")]), NOW)


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "lottery"), ("secrecy", "public"), ("duration_min", "0"), ("duration_min", "x")],
)
def test_new_poll_form_refuses_unknown_values(field: str, value: str) -> None:
    with pytest.raises(FormInvalid):
        new_poll_body(FormData([(field, value)]), NOW)


def test_ballot_forms_of_every_kind() -> None:
    assert ballot_body(FormData([("choice", "o2")]), "single", OPTIONS) == {"choice": ["o2"]}
    multiple = FormData([("choice", "o1"), ("choice", "o3"), ("choice", "o9")])
    assert ballot_body(multiple, "multiple", OPTIONS) == {"choice": ["o1", "o3"]}
    ranked = FormData([("rank-o1", "2"), ("rank-o2", ""), ("rank-o3", "1")])
    assert ballot_body(ranked, "ranked", OPTIONS) == {"ranking": ["o3", "o1"]}
    rating = FormData([("rating-o1", "5"), ("rating-o2", ""), ("rating-o3", "-1")])
    assert ballot_body(rating, "rating", OPTIONS) == {"ratings": {"o1": 5}}
    abstain = FormData([("choice", "o1"), ("abstain", "true")])
    assert ballot_body(abstain, "single", OPTIONS) == {"abstain": True}
