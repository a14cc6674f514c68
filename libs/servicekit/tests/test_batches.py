"""Complete reads in bounded batches, on the real MongoDB."""

from __future__ import annotations

import pytest
from servicekit.batches import batches, by_ids, every, first_kept, kept_in_range

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


async def test_kept_in_range_reads_on_past_what_it_drops_in_either_order(mongo_db) -> None:
    docs = mongo_db["ranged"]
    await docs.create_index([("group", 1), ("key", 1)])
    await docs.insert_many(
        [
            {"_id": f"p{i:02}", "group": "g", "key": f"k{i:02}", "live": i % 4 != 0}
            for i in range(30)
        ]
        + [{"_id": "other", "group": "h", "key": "k15", "live": True}]
    )

    def live(doc: dict[str, object]) -> bool:
        return doc["live"] is True

    newest = await kept_in_range(docs, {"group": "g"}, "key", below="k25", keep=live, count=6)
    assert [d["key"] for d in newest] == ["k23", "k22", "k21", "k19", "k18", "k17"]
    oldest = await kept_in_range(
        docs, {"group": "g"}, "key", above="k03", keep=live, count=5, descending=False, size=2
    )
    assert [d["key"] for d in oldest] == ["k05", "k06", "k07", "k09", "k10"]
    rest = await kept_in_range(docs, {"group": "g"}, "key", above="k26", keep=live, count=10)
    assert [d["key"] for d in rest] == ["k29", "k27"]  # the range ran out before the count
    cursor = docs.find({"group": "g"}).sort("key", 1)
    assert [d["key"] for d in await first_kept(cursor, live, 3)] == ["k01", "k02", "k03"]
