"""Open polls in a group: frozen electorate, voting, changes, results, export."""

from __future__ import annotations

import csv
import io

import pytest

from .conftest import Api, GroupMaker, Upstream, leave, new_id, wait_members

pytestmark = pytest.mark.integration


async def test_vote_change_refusals_and_result(api: Api, make_group: GroupMaker) -> None:
    owner, ann, bob, outsider = (new_id() for _ in range(4))
    group = await make_group(owner, ann, bob)
    poll = await api.create(owner, group_id=group, allow_change=True, abstain=True)
    view = (await api.get(poll, ann)).json()
    assert (view["status"], view["eligible_count"], view["me"]) == (
        "open", 3, {"owner": False, "eligible": True, "voted": False}
    )  # fmt: skip
    assert (await api.vote(poll, ann, choice=["o1"])).status_code == 200
    assert (await api.vote(poll, ann, choice=["o2"])).status_code == 200  # a change
    assert (await api.vote(poll, bob, abstain=True)).status_code == 200
    assert (await api.vote(poll, bob, choice=["o1", "o2"])).status_code == 422  # single
    assert (await api.vote(poll, outsider, choice=["o1"])).status_code == 403  # public group
    assert (await api.get(poll, ann)).json()["me"]["voted"] is True
    assert (await api.get(poll, ann, "/results")).status_code == 403  # after_close
    await api.close(poll, owner)
    result = (await api.get(poll, ann, "/results")).json()
    assert result["final"] is True
    assert result["results"]["counts"] == {"o1": 0, "o2": 1, "o3": 0}
    assert (result["results"]["ballots"], result["results"]["abstentions"]) == (2, 1)
    assert (await api.vote(poll, owner, choice=["o1"])).status_code == 409  # closed
    rows = list(csv.reader(io.StringIO((await api.get(poll, owner, "/export")).text)))
    assert rows[0] == ["voter_id", "receipt", "ballot"]
    assert {(r[0], r[2]) for r in rows[1:]} == {
        (ann, '{"choice":["o2"]}'),
        (bob, '{"abstain":true}'),
    }
    assert (await api.get(poll, ann, "/export")).status_code == 403


async def test_double_vote_refused_without_allow_change(api: Api, make_group: GroupMaker) -> None:
    owner, ann = new_id(), new_id()
    poll = await api.create(owner, group_id=await make_group(owner, ann))
    assert (await api.vote(poll, ann, choice=["o3"])).status_code == 200
    again = await api.vote(poll, ann, choice=["o1"])
    assert again.status_code == 409 and again.json()["type"].endswith("already-voted")


async def test_eligibility_is_frozen_at_open(
    api: Api, make_group: GroupMaker, upstream: Upstream, service
) -> None:
    owner, stays, leaves, joins = (new_id() for _ in range(4))
    group = await make_group(owner, stays, leaves)
    poll = await api.create(owner, group_id=group)
    await leave(upstream, group, leaves)
    from collab_events.group import GroupMemberJoined

    joined = GroupMemberJoined(group_id=group, employee_id=joins)
    await upstream.publish("group", f"group:{group}/member:{joins}", joined)
    await wait_members(service, group, 3)  # owner, stays, joins
    assert (await api.get(poll, leaves)).json()["me"]["eligible"] is True
    assert (await api.vote(poll, leaves, choice=["o1"])).status_code == 200
    assert (await api.get(poll, joins)).json()["me"]["eligible"] is False
    assert (await api.vote(poll, joins, choice=["o1"])).status_code == 403


@pytest.mark.parametrize("mode", ["always", "after_vote", "after_close", "owners"])
async def test_results_visibility(api: Api, make_group: GroupMaker, mode: str) -> None:
    owner, voter, other = new_id(), new_id(), new_id()
    poll = await api.create(
        owner, group_id=await make_group(owner, voter, other), results_visibility=mode
    )
    await api.vote(poll, voter, choice=["o1"])
    before = [(await api.get(poll, w, "/results")).status_code for w in (owner, voter, other)]
    expected_before = {
        "always": [200, 200, 200], "after_vote": [403, 200, 403],
        "after_close": [403, 403, 403], "owners": [200, 403, 403],
    }[mode]  # fmt: skip
    assert before == expected_before
    await api.close(poll, owner)
    after = [(await api.get(poll, w, "/results")).status_code for w in (owner, voter, other)]
    assert after == ([200, 403, 403] if mode == "owners" else [200, 200, 200])
