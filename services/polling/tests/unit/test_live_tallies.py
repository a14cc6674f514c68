"""Live tallies: counted once per freshness bound, read from memory, recounted behind."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from collab_events.polling import PollResults
from polling_service.queries.live import LiveTallies


def counter() -> tuple[list[int], Callable[[], Awaitable[PollResults]]]:
    counted: list[int] = []

    async def count() -> PollResults:
        counted.append(1)
        await asyncio.sleep(0.01)
        return PollResults(ballots=len(counted), abstentions=0, eligible=9)

    return counted, count


async def test_a_fresh_tally_is_reused_and_ttl_zero_counts_every_read() -> None:
    counted, count = counter()
    cache = LiveTallies(ttl_s=60)
    first, second = await cache.get("p", count), await cache.get("p", count)
    assert first.ballots == second.ballots == 1 and len(counted) == 1
    assert (await cache.get("q", count)).ballots == 2
    uncached = LiveTallies(ttl_s=0)
    await uncached.get("p", count)
    await uncached.get("p", count)
    assert len(counted) == 4


async def test_concurrent_first_reads_share_one_count() -> None:
    counted, count = counter()
    cache = LiveTallies(ttl_s=60)
    answers = await asyncio.gather(*(cache.get("p", count) for _ in range(5)))
    assert len(counted) == 1 and {a.ballots for a in answers} == {1}


async def test_a_stale_tally_is_answered_at_once_and_recounted_behind_it() -> None:
    counted, count = counter()
    cache = LiveTallies(ttl_s=0.05, cost_factor=0)
    assert (await cache.get("p", count)).ballots == 1
    await asyncio.sleep(0.06)
    stale = await asyncio.gather(*(cache.get("p", count) for _ in range(3)))
    assert {a.ballots for a in stale} == {1}  # nobody waited for the recount
    await asyncio.sleep(0.05)
    assert len(counted) == 2  # one recount for the three stale reads
    assert (await cache.get("p", count)).ballots == 2


async def test_the_freshness_bound_grows_with_the_cost_of_a_count() -> None:
    counted, count = counter()  # a count takes >= 10 ms
    cache = LiveTallies(ttl_s=0.001, cost_factor=100)  # so it stays fresh for >= 1 s
    await cache.get("p", count)
    await asyncio.sleep(0.05)
    await cache.get("p", count)
    await asyncio.sleep(0.02)
    assert len(counted) == 1
