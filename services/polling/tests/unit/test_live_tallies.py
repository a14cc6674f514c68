"""Live tallies are recounted at most once per TTL per poll."""

from __future__ import annotations

from collab_events.polling import PollResults
from polling_service.queries.live import LiveTallies


async def test_a_fresh_tally_is_reused_and_a_stale_one_recounted() -> None:
    counted: list[int] = []

    async def count() -> PollResults:
        counted.append(1)
        return PollResults(ballots=len(counted), abstentions=0, eligible=9)

    cache = LiveTallies(ttl_s=60)
    first, second = await cache.get("p", count), await cache.get("p", count)
    assert first.ballots == second.ballots == 1 and len(counted) == 1
    assert (await cache.get("q", count)).ballots == 2  # another poll: its own count
    uncached = LiveTallies(ttl_s=0)
    await uncached.get("p", count)
    await uncached.get("p", count)
    assert len(counted) == 4
