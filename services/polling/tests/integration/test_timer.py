"""The deadline timer opens, ends and closes a poll exactly once with two workers running."""

from __future__ import annotations

from collections import Counter

import pytest
from polling_service.app import definition
from servicekit.testing.service import RunningService, running_service

from .conftest import OPTIONS, Api, GroupMaker, later, new_id, wait_status

pytestmark = pytest.mark.integration


async def test_two_workers_open_and_close_a_poll_once(
    api: Api, make_group: GroupMaker, service: RunningService
) -> None:
    owner, ann = new_id(), new_id()
    group = await make_group(owner, ann)
    async with running_service(service.runtime.settings, definition(OPTIONS), role="worker"):
        # Voting lasts long enough for a vote on a loaded machine (2 cores, many tests).
        poll = await api.create(owner, group_id=group, opens_at=later(2), closes_at=later(12))
        assert (await api.get(poll, ann)).json()["status"] == "scheduled"
        await wait_status(api, poll, ann, "open")
        voted = await api.vote(poll, ann, choice=["o2"])
        assert voted.status_code == 200, voted.text
        await wait_status(api, poll, ann, "closed")
    events = await service.runtime.store.load(f"poll:{poll}")
    assert Counter(r.event.name for r in events) == Counter(
        created=1, opened=1, voting_ended=1, closed=1
    )
    result = (await api.get(poll, ann, "/results")).json()["results"]
    assert result["counts"]["o2"] == 1 and result["eligible"] == 2
