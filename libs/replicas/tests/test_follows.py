"""The follows replica: fan-out pages, is_following, unfollow, people's status."""

from __future__ import annotations

import pytest
from collab_events.profile import (
    EmployeeDeactivated,
    EmployeeFollowed,
    EmployeeReactivated,
    EmployeeUnfollowed,
)

pytestmark = pytest.mark.integration


def follows(a: str, b: str) -> EmployeeFollowed:
    return EmployeeFollowed(follower_id=a, followee_id=b)


async def followers(replica, employee_id: str, page: int = 500) -> list[str]:
    return [f async for f in replica.query.follows.followers_of(employee_id, page=page)]


async def test_followers_are_paged_in_order_and_follow_unfollows(replica, history) -> None:
    fans = [f"f{i:02d}" for i in range(9)]
    await replica.apply(*(history.follow(f, "star", follows(f, "star")) for f in reversed(fans)))
    assert await followers(replica, "star", page=4) == fans
    await replica.apply(
        history.follow("f03", "star", EmployeeUnfollowed(follower_id="f03", followee_id="star"))
    )
    assert "f03" not in await followers(replica, "star")
    assert not await replica.query.follows.is_following("f03", "star")
    await replica.apply(history.follow("f03", "star", follows("f03", "star")))  # again
    assert await replica.query.follows.is_following("f03", "star")
    assert not await replica.query.follows.is_following("star", "f03")


async def test_deactivated_people_drop_out_of_fan_out(replica, history) -> None:
    await replica.apply(
        history.follow("a", "star", follows("a", "star")),
        history.follow("b", "star", follows("b", "star")),
        history.person("b", EmployeeDeactivated(employee_id="b")),  # before b's registration
    )
    assert await followers(replica, "star") == ["a"]
    await replica.apply(history.person("star", EmployeeDeactivated(employee_id="star")))
    assert await followers(replica, "star") == []
    assert not await replica.query.follows.is_following("a", "star")
    await replica.apply(
        history.person("star", EmployeeReactivated(employee_id="star")),
        history.person("b", EmployeeReactivated(employee_id="b")),
    )
    assert await followers(replica, "star") == ["a", "b"]
