"""Anonymous, ranked and audience polls through the API, erasure of a voter, cancelling,
and rebuilt read models equal to the live ones (ARCHITECTURE §5)."""

from __future__ import annotations

from typing import Any

import pytest
from bson import json_util
from collab_events.profile import EmployeeErased
from servicekit.rebuild import rebuild
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import Api, GroupMaker, Upstream, new_id, register

pytestmark = pytest.mark.integration


async def test_anonymous_poll_keeps_turnout_apart_from_ballots(
    api: Api, make_group: GroupMaker, service: RunningService
) -> None:
    owner, ann, bob = new_id(), new_id(), new_id()
    group = await make_group(owner, ann, bob)
    poll = await api.create(owner, group_id=group, secrecy="anonymous", results_visibility="always")
    assert (await api.vote(poll, ann, choice=["o3"])).status_code == 200
    assert (await api.vote(poll, ann, choice=["o1"])).status_code == 409  # no allow_change
    assert (await api.vote(poll, bob, choice=["o3"])).status_code == 200
    live = (await api.get(poll, bob, "/results")).json()
    assert (live["final"], live["results"]["counts"]["o3"]) == (False, 2)
    box = [json_util.dumps(d) async for d in service.runtime.db["ballot_box"].find({})]
    assert len(box) >= 2 and not any(ann in d or bob in d for d in box)

    async def turnout() -> bool:
        items = (await api.get(poll, owner, "/turnout")).json()["items"]
        return sorted(items) == sorted([ann, bob])

    await eventually(turnout)
    assert (await api.get(poll, ann, "/turnout")).status_code == 403  # electorate: after close
    await api.close(poll, owner)
    final = (await api.get(poll, ann, "/results")).json()
    assert final["results"]["counts"]["o3"] == 2 and final["credential_count"] == 2


async def test_ranked_poll_reports_every_round(api: Api, make_group: GroupMaker) -> None:
    owner, *voters = (new_id() for _ in range(5))
    poll = await api.create(owner, group_id=await make_group(owner, *voters), kind="ranked")
    for voter, ranking in zip(voters, (["o1"], ["o1"], ["o2"], ["o3", "o2"]), strict=True):
        assert (await api.vote(poll, voter, ranking=ranking)).status_code == 200
    assert (await api.vote(poll, owner, choice=["o1"])).status_code == 422
    await api.close(poll, owner)
    result = (await api.get(poll, owner, "/results")).json()["results"]
    # o2 and o3 tie for last and leave together; the o3 ballot moves to o2, which is gone too
    assert [r["counts"] for r in result["rounds"]] == [{"o1": 2, "o2": 1, "o3": 1}, {"o1": 2}]
    assert result["rounds"][0]["eliminated"] == ["o2", "o3"]
    assert (result["rounds"][1]["exhausted"], result["winners"]) == (2, ["o1"])


async def test_audience_poll_and_erasure_of_a_voter(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    owner, ann, bob, other = (new_id() for _ in range(4))
    for who, country in ((ann, "PT"), (bob, "PT"), (other, "NO")):
        await register(upstream, service, who, country=country)
    body = {"audience": {"include": {"countries": ["pt"]}}, "kind": "multiple", "max_choices": 2}
    refused = await api.call("POST", "/v1/polls", owner, json={"question": "?", **body})
    assert refused.status_code in (403, 422)
    poll = await api.create(owner, **body)
    assert (await api.get(poll, other)).status_code == 404  # not in the audience
    assert (await api.vote(poll, ann, choice=["o1", "o2"])).status_code == 200
    assert (await api.vote(poll, bob, choice=["o2"])).status_code == 200
    await upstream.publish("profile", f"employee:{ann}", EmployeeErased(employee_id=ann))
    turnout = service.runtime.models["turnout"]

    async def forgotten() -> bool:
        return await turnout.count_documents({"poll_id": poll, "employee_id": ann}) == 0

    await eventually(forgotten)
    await api.close(poll, owner)
    result = (await api.get(poll, bob, "/results")).json()["results"]
    assert result["counts"] == {"o1": 1, "o2": 2, "o3": 0} and result["eligible"] == 2
    assert await turnout.count_documents({"poll_id": poll}) == 2  # the counts stay


async def test_cancelling_destroys_boxed_ballots_and_keys(
    api: Api, make_group: GroupMaker, service: RunningService
) -> None:
    owner, ann = new_id(), new_id()
    poll = await api.create(owner, group_id=await make_group(owner, ann), secrecy="anonymous")
    assert (await api.vote(poll, ann, choice=["o1"])).status_code == 200
    assert (await api.call("POST", f"/v1/polls/{poll}/cancel", ann, json={})).status_code == 403
    cancelled = await api.call("POST", f"/v1/polls/{poll}/cancel", owner, json={"reason": "x"})
    assert cancelled.status_code == 200
    db = service.runtime.db
    assert await db["ballot_box"].count_documents({"_id": {"$regex": f"^{poll}/"}}) == 0
    assert await db["poll_secrets"].find_one({"_id": poll, "sealed": {"$exists": True}}) is None
    assert (await api.get(poll, owner, "/results")).status_code == 403
    assert (await api.vote(poll, ann, choice=["o2"])).status_code == 409


NAMES = ("polls", "turnout", "ballots")
COLLECTIONS = (*NAMES, "turnout_erased", "ballots_erased")


async def snapshot(service: RunningService) -> dict[str, list[dict[str, Any]]]:
    db = service.runtime.db
    return {name: await db[name].find({}).sort("_id", 1).to_list(None) for name in COLLECTIONS}


async def test_rebuilt_polls_turnout_and_ballots_equal_the_live_ones(
    api: Api, make_group: GroupMaker, service: RunningService
) -> None:
    owner, ann, bob = new_id(), new_id(), new_id()
    group = await make_group(owner, ann, bob)
    open_poll = await api.create(owner, group_id=group, allow_change=True)
    hidden = await api.create(owner, group_id=group, secrecy="anonymous", kind="ranked")
    await api.vote(open_poll, ann, choice=["o1"])
    await api.vote(open_poll, ann, choice=["o2"])
    await api.vote(open_poll, bob, choice=["o2"])
    await api.vote(hidden, ann, ranking=["o3", "o1"])
    await api.close(open_poll, owner)
    await api.close(hidden, owner)
    runtime = service.runtime

    async def settled() -> bool:
        lag = await runtime.lag.refresh()
        return all(v == 0 for p in NAMES for v in lag[p].values())

    await eventually(settled, timeout_s=30)
    before = await snapshot(service)
    assert {open_poll, hidden} <= {d["_id"] for d in before["polls"]}
    assert len([d for d in before["ballots"] if d["poll_id"] in (open_poll, hidden)]) == 3
    projections = {p.name: p for p in runtime.definition.projections}
    for name in NAMES:
        await rebuild(runtime.settings, projections[name], runtime.models, timeout_s=60)
    after = await snapshot(service)
    for name in COLLECTIONS:
        assert after[name] == before[name], name


async def test_rating_poll_and_quorum_met_or_not(api: Api, make_group: GroupMaker) -> None:
    owner, ann, bob = new_id(), new_id(), new_id()
    group = await make_group(owner, ann, bob)  # three eligible
    rated = await api.create(owner, group_id=group, kind="rating", quorum_percent=60)
    few = await api.create(owner, group_id=group, quorum_percent=50)
    assert (await api.vote(rated, ann, ratings={"o1": 5, "o2": 2})).status_code == 200
    assert (await api.vote(rated, bob, ratings={"o1": 4})).status_code == 200
    assert (await api.vote(rated, bob, ratings={"o1": 6})).status_code == 422  # 1..5 only
    assert (await api.vote(few, ann, choice=["o3"])).status_code == 200
    for poll in (rated, few):
        await api.close(poll, owner)
    result = (await api.get(rated, bob, "/results")).json()["results"]
    assert result["ratings"]["o1"] == {"mean": 4.5, "distribution": [0, 0, 0, 1, 1]}
    assert result["ratings"]["o3"]["mean"] is None and result["winners"] == ["o1"]
    assert (result["ballots"], result["eligible"], result["quorum_met"]) == (2, 3, True)
    missed = (await api.get(few, ann, "/results")).json()["results"]
    assert (missed["ballots"], missed["quorum_met"], missed["counts"]["o3"]) == (1, False, 1)
