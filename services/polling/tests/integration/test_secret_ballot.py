"""Secret ballots end to end (RFC 9474 on both sides), and probes for anything that links a
voter to their choice: every collection, every record on the topic, every log line."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from bson import json_util
from collab_events import topic_for
from polling_service.audit import recompute, verify_poll
from polling_service.blindrsa import PublicKey, verify
from polling_service.blindrsa.keys import unb64url
from polling_service.blindrsa.voter import Credential, credential, request_credential
from polling_service.domain.ballots import Ballot, ballot_list_digest, digest_line
from servicekit.testing.kafka import eventually, read_topic
from servicekit.testing.service import RunningService

from .conftest import Api, GroupMaker, new_id

pytestmark = pytest.mark.integration


async def obtain(api: Api, poll: str, who: str) -> Credential:
    jwk = (await api.get(poll, who, "/ballot-key")).json()
    request = request_credential(jwk)
    body = {"blinded_message": request.blinded_message}
    answer = await api.call("POST", f"/v1/polls/{poll}/credential", who, json=body)
    assert answer.status_code == 200, answer.text
    return credential(request, answer.json()["blind_signature"])


async def cast(api: Api, poll: str, cred: Credential, **ballot: Any) -> Any:
    body = {"token": cred.token, "signature": cred.signature, **ballot}
    return await api.call("POST", f"/v1/polls/{poll}/ballots", None, json=body)


async def test_secret_vote_is_verifiable_and_links_no_voter_to_a_choice(
    api: Api,
    make_group: GroupMaker,
    service: RunningService,
    kafka_bootstrap: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)  # what the service logs in production, and its own debug
    caplog.set_level(logging.DEBUG, logger="polling_service")
    caplog.set_level(logging.DEBUG, logger="servicekit")
    owner, ann, bob, outsider = (new_id() for _ in range(4))
    poll = await api.create(owner, group_id=await make_group(owner, ann, bob), secrecy="secret")
    ann_cred, bob_cred = await obtain(api, poll, ann), await obtain(api, poll, bob)
    ann_cast, bob_cast = (
        await cast(api, poll, ann_cred, choice=["o2"]),
        await cast(api, poll, bob_cred, choice=["o1"]),
    )
    assert ann_cast.status_code == bob_cast.status_code == 200
    receipts = {ann: ann_cast.json()["receipt"], bob: bob_cast.json()["receipt"]}

    assert (await cast(api, poll, ann_cred, choice=["o3"])).status_code == 409  # spent token
    forged = Credential(ann_cred.token, bob_cred.signature)
    assert (await cast(api, poll, forged, choice=["o3"])).status_code == 422
    with pytest.raises(AssertionError):
        await obtain(api, poll, ann)  # a second credential for another message: refused
    assert (await api.get(poll, outsider)).json()["me"]["eligible"] is False
    assert (await api.get(poll, owner, "/results")).status_code == 403  # secret: after close
    await api.close(poll, owner)

    result = (await api.get(poll, ann, "/results")).json()
    assert result["results"]["counts"] == {"o1": 1, "o2": 1, "o3": 0}
    assert result["ballot_count"] == 2 <= result["credential_count"] == 2
    ballots = await listed(api, poll, ann, "/ballots", 2)
    assert {b["receipt"] for b in ballots} == set(receipts.values())
    key = PublicKey.from_jwk((await api.get(poll, ann, "/ballot-key")).json())
    lines = []
    for b in ballots:
        verify(key, unb64url(b["token"]), unb64url(b["signature"]))
        ballot = Ballot.of(b["choice"], b["ranking"], b["ratings"], b["abstain"])
        lines.append(digest_line(b["ballot_id"], b["receipt"], ballot, b["token"], b["signature"]))
    assert ballot_list_digest(lines) == result["ballot_digest"]
    headers = {"Authorization": f"Bearer {api.bearer(ann)}"}
    report = await verify_poll(api.client, poll, headers)
    assert (report.ok, report.signatures_checked, report.credentials) == (True, 2, 2)
    view, jwk = (await api.get(poll, ann)).json(), (await api.get(poll, ann, "/ballot-key")).json()
    tampered = [{**ballots[0], "choice": ["o3"]}, ballots[1]]
    assert len(recompute(view, result, tampered, jwk).problems) == 3  # tally, digest, signature
    assert sorted(await listed(api, poll, owner, "/turnout", 2)) == sorted([ann, bob])

    secrets = {ann: [ann_cred.token, receipts[ann]], bob: [bob_cred.token, receipts[bob]]}
    await assert_no_link_in_database(service, secrets)
    await assert_no_link_in_answers(api, poll, owner, secrets)
    scrape = await api.client.get("/metrics")
    metrics = scrape.text
    assert scrape.status_code == 200 and "# TYPE" in metrics
    assert not any(m in metrics for marks in secrets.items() for m in (marks[0], *marks[1]))
    await assert_no_link_on_kafka(service, kafka_bootstrap, poll, secrets)
    for record in caplog.records:
        line = record.getMessage()
        for who, marks in secrets.items():
            assert not (who in line and any(m in line for m in [*marks, "choice"])), line


async def listed(api: Api, poll: str, who: str, tail: str, count: int) -> list[Any]:
    """A list endpoint's items once its read model holds ``count`` of them."""
    items: list[Any] = []

    async def complete() -> bool:
        items[:] = (await api.get(poll, who, tail)).json()["items"]
        return len(items) >= count

    await eventually(complete, timeout_s=60)
    return items


def linked(text: str, who: str, marks: list[str]) -> bool:
    """Whether one record names the voter together with their ballot or any choice."""
    return who in text and any(m in text for m in [*marks, '"choice"', "'choice'"])


async def assert_no_link_in_answers(
    api: Api, poll: str, owner: str, secrets: dict[str, list[str]]
) -> None:
    """Every answer to the owner and to a platform admin, record by record (list items,
    CSV lines): none names a voter with their ballot."""
    for who, roles in ((owner, ()), ("platform-admin", ("admin",))):
        for tail in ("", "/results", "/ballots", "/turnout", "/export", "/ballot-key"):
            answer = await api.call("GET", f"/v1/polls/{poll}{tail}", who, roles=roles)
            if answer.headers.get("content-type", "").startswith("text/csv"):
                records = answer.text.splitlines()
            else:
                body = answer.json()
                records = [json.dumps(i) for i in body.get("items", [])] or [json.dumps(body)]
            for record in records:
                for voter, marks in secrets.items():
                    assert not linked(record, voter, marks), (who, tail, record)


async def assert_no_link_in_database(
    service: RunningService, secrets: dict[str, list[str]]
) -> None:
    db = service.runtime.db
    scanned = 0
    for name in await db.list_collection_names():
        async for doc in db[name].find({}):
            text = json_util.dumps(doc)
            scanned += 1
            for who, marks in secrets.items():
                assert not linked(text, who, marks), (name, text[:500])
    assert scanned > 10
    assert await db["ballot_box"].count_documents({}) == 0  # published and emptied
    assert await db["poll_secrets"].count_documents({"sealed": {"$exists": True}}) == 0


async def assert_no_link_on_kafka(
    service: RunningService, bootstrap: str, poll: str, secrets: dict[str, list[str]]
) -> None:
    topic = topic_for("polling", service.runtime.settings.topic_prefix)
    records = await read_topic(bootstrap, topic, at_least=1, timeout_s=5)
    values = [json.loads(r.value) for r in records]
    for value in values:
        for who, marks in secrets.items():
            assert not linked(json.dumps(value), who, marks)
    mine = [v for v in values if v["subject"].startswith(f"poll:{poll}/ballot:")]
    assert len(mine) == 2
    prefix = f"poll:{poll}/ballot:"
    ballot_records = [(r.partition, json.loads(r.value)) for r in records]
    for partition in {p for p, _ in ballot_records}:  # Kafka orders within a partition only
        ours = [
            v["data"]["ballot_id"]
            for p, v in ballot_records
            if p == partition and v["subject"].startswith(prefix)
        ]
        assert ours == sorted(ours)
    stored = await service.runtime.store.load_prefix(f"poll:{poll}/ballot:")  # position order
    assert [r.event.ballot_id for r in stored] == sorted(r.event.ballot_id for r in stored)
    assert all(v.get("actorid") is None and v["data"]["voter_id"] is None for v in mine)
    ended = next(
        v
        for v in values
        if v["type"].endswith("voting_ended.v1") and v["subject"] == f"poll:{poll}"
    )
    assert all(v["time"] >= ended["time"] for v in mine)  # published after voting, not when cast
