"""GET /v1/me/export: the caller's polls, participation and open ballots, and nothing of
anyone else's; anonymous and secret polls give participation, never a ballot."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from polling_service.blindrsa.keys import unb64url
from polling_service.blindrsa.voter import credential, request_credential
from polling_service.queries import participation
from servicekit.testing.kafka import eventually

from .conftest import Api, GroupMaker, new_id

pytestmark = pytest.mark.integration


async def export_of(api: Api, who: str) -> dict[str, Any]:
    answer = await api.call("GET", "/v1/me/export", who)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def export_when(api: Api, who: str, ready: Any) -> dict[str, Any]:
    """The caller's export once the read models caught up (``ready(export)``)."""
    found: dict[str, Any] = {}

    async def caught_up() -> bool:
        found.update(await export_of(api, who))
        return bool(ready(found))

    await eventually(caught_up, timeout_s=60)
    return found


async def vote(api: Api, poll: str, who: str, **ballot: Any) -> str:
    answer = await api.vote(poll, who, **ballot)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["receipt"])


async def secret_credential(api: Api, poll: str, who: str) -> tuple[str, str]:
    """A secret poll's credential; the token and the blinded message's digest."""
    request = request_credential((await api.get(poll, who, "/ballot-key")).json())
    body = {"blinded_message": request.blinded_message}
    answer = await api.call("POST", f"/v1/polls/{poll}/credential", who, json=body)
    assert answer.status_code == 200, answer.text
    token = credential(request, answer.json()["blind_signature"]).token
    return token, hashlib.sha256(unb64url(request.blinded_message)).hexdigest()


async def test_export_holds_exactly_the_callers_data(
    api: Api, make_group: GroupMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(participation, "BATCH", 2)  # every section spans several reads
    me, other, boss = new_id(), new_id(), new_id()
    mine = await make_group(me, other)
    theirs, elsewhere = await make_group(boss, me, other), await make_group(boss, other)
    owned = await api.create(me, group_id=mine, question="Mine, closed")
    running = await api.create(me, group_id=mine, question="Mine, running")
    my_receipt = await vote(api, owned, me, choice=["o1"])
    await vote(api, owned, other, choice=["o2"])
    await api.close(owned, me)
    open_poll = await api.create(boss, group_id=theirs)
    anonymous = await api.create(boss, group_id=theirs, secrecy="anonymous")
    secret = await api.create(boss, group_id=theirs, secrecy="secret")
    excluded = await api.create(boss, group_id=elsewhere)
    open_receipt = await vote(api, open_poll, me, choice=["o3"])
    await vote(api, open_poll, other, choice=["o1"])
    anonymous_receipt = await vote(api, anonymous, me, choice=["o2"])
    token, blinded_digest = await secret_credential(api, secret, me)
    await vote(api, excluded, other, choice=["o1"])

    def complete(export: dict[str, Any]) -> bool:
        closed = [p for p in export["owned_polls"] if p["status"] == "closed"]
        return (
            len(export["participation"]) == 5
            and len(closed) == 1
            and (sum(p["took_part"] for p in export["participation"]) == 4)
        )

    export = await export_when(api, me, complete)
    assert export["employee_id"] == me
    by_id = {p["id"]: p for p in export["owned_polls"]}
    assert set(by_id) == {owned, running}
    assert by_id[owned]["results"]["counts"] == {"o1": 1, "o2": 1, "o3": 0}
    assert (by_id[owned]["ballot_count"], by_id[owned]["end_reason"]) == (2, "owner")
    assert by_id[running]["status"] == "open" and by_id[running]["results"] is None
    assert by_id[owned]["created_at"] and by_id[owned]["closes_at"]
    took_part = {p["poll_id"]: p["took_part"] for p in export["participation"]}
    assert took_part == {
        owned: True,
        running: False,
        open_poll: True,
        anonymous: True,
        secret: True,
    }
    assert all(p["eligible"] for p in export["participation"])
    assert export["open_ballots"] == sorted(
        [
            {"poll_id": owned, "receipt": my_receipt, "choice": ["o1"], "ranking": None,
             "ratings": None, "abstain": False},
            {"poll_id": open_poll, "receipt": open_receipt, "choice": ["o3"], "ranking": None,
             "ratings": None, "abstain": False},
        ],
        key=lambda b: b["poll_id"],
    )  # fmt: skip
    text = json.dumps(export)
    for unlinkable in (anonymous_receipt, token, blinded_digest):
        assert unlinkable not in text
    assert excluded not in text and boss not in text

    theirs_export = await export_of(api, other)
    assert {p["poll_id"] for p in theirs_export["participation"]} >= {excluded, open_poll}
    assert theirs_export["owned_polls"] == []
    assert my_receipt not in json.dumps(theirs_export) and open_receipt not in json.dumps(
        theirs_export
    )


async def test_unknown_employee_gets_empty_sections(api: Api) -> None:
    export = await export_of(api, new_id())
    assert (export["owned_polls"], export["participation"], export["open_ballots"]) == ([], [], [])
    assert export["exported_at"]


async def test_export_requires_a_token(api: Api) -> None:
    answer = await api.call("GET", "/v1/me/export", None)
    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/problem+json")
