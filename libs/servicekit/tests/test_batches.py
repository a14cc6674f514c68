"""Complete reads in bounded batches, on the real MongoDB."""

from __future__ import annotations

import pytest
from servicekit.batches import batches, by_ids, every

pytestmark = pytest.mark.integration


async def test_every_match_is_read_across_batches_and_no_other(mongo_db) -> None:
    docs = mongo_db["docs"]
    await docs.insert_many([{"_id": f"d{i:02}", "owner": "a" if i % 3 else "b"} for i in range(20)])
    sizes = [len(b) async for b in batches(docs, {"owner": "a"}, {"_id": 1}, size=4)]
    assert sizes == [4, 4, 4, 1]  # 13 of "a", never more than 4 per read
    found = await every(docs, {"owner": "a"}, size=4)
    assert [d["_id"] for d in found] == [f"d{i:02}" for i in range(20) if i % 3]
    # a query that already bounds _id keeps its bound on every page
    bounded = await every(docs, {"_id": {"$lt": "d10"}}, size=3)
    assert [d["_id"] for d in bounded] == [f"d{i:02}" for i in range(10)]
    assert await every(docs, {"owner": "nobody"}, size=4) == []


async def test_by_ids_fetches_the_existing_ones_in_chunks(mongo_db) -> None:
    docs = mongo_db["docs"]
    await docs.insert_many([{"_id": f"d{i}"} for i in range(7)])
    found = await by_ids(docs, ["d6", "d1", "d1", "missing", "d3"], size=2)
    assert sorted(found) == ["d1", "d3", "d6"]
