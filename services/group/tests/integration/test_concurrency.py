"""Concurrent commands: many joins of one group, and approve racing reject."""

from __future__ import annotations

import asyncio

import pytest
from collab_events.group import GroupMemberJoined

pytestmark = pytest.mark.integration


async def test_fifty_concurrent_joins(api, ids, service) -> None:
    owner = ids()
    group_id, _ = await api.create_group(owner)
    people = [ids() for _ in range(50)]
    url = f"/v1/groups/{group_id}/members/me"
    answers = await asyncio.gather(
        *(api.call("PUT", url, who) for who in people),
        *(api.call("PUT", url, people[0]) for _ in range(5)),
    )
    assert {a.status_code for a in answers} == {200}, [a.text for a in answers if a.is_error]
    stored = await service.runtime.store.load_prefix(f"group:{group_id}/member:")
    joined = sum(isinstance(r.event, GroupMemberJoined) for r in stored)
    assert joined == 51  # 50 joins + the owner, no duplicate for the repeated join
    tokens = [a.headers["consistency-token"] for a in answers]
    for token in tokens[:50]:
        assert (
            await api.call("GET", f"/v1/groups/{group_id}", owner, token=token)
        ).status_code == 200
    members, cursor = [], None
    while True:
        page = (
            await api.call(
                "GET",
                f"/v1/groups/{group_id}/members",
                owner,
                params={"limit": 20, **({"cursor": cursor} if cursor else {})},
            )
        ).json()
        members += [m["employee_id"] for m in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert sorted(members) == sorted([owner, *people])
    detail = await api.call("GET", f"/v1/groups/{group_id}", owner)
    assert detail.json()["member_count"] == 51


async def test_approve_and_reject_race(api, ids, problem, known) -> None:
    for _ in range(3):
        owner, admin, requester = ids(), ids(), ids()
        await known(admin)
        group_id, _ = await api.create_group(owner, join_policy="request")
        url = f"/v1/groups/{group_id}"
        await api.call("PUT", f"{url}/invitations/{admin}", owner)
        await api.call("POST", f"{url}/invitations/me/accept", admin)
        await api.call("PUT", f"{url}/members/{admin}/role", owner, json={"role": "admin"})
        await api.call("PUT", f"{url}/members/me", requester)
        approve, reject = await asyncio.gather(
            api.call("POST", f"{url}/requests/{requester}/approve", owner),
            api.call("POST", f"{url}/requests/{requester}/reject", admin),
        )
        statuses = sorted([approve.status_code, reject.status_code])
        assert statuses == [200, 409], (approve.text, reject.text)
        loser = approve if approve.status_code == 409 else reject
        problem(loser, 409, "request-not-pending")
        winner = reject if loser is approve else approve
        assert winner.json()["status"] == ("member" if winner is approve else "rejected")
