"""The mailer's queue read against a large backlog (prints figures, asserts nothing).

    .venv/bin/python services/notification/bench/queue_read.py [--backlog 105000]

Fills a fresh embedded MongoDB (or $COLLAB_TEST_MONGO) with ``backlog`` notifications not
checked by the mailer yet, queued 50 to an entry, then times one read of a window of 10
queue keys (500 notifications) and, for comparison, one read of 500 notifications by their
``mail_check`` flag (which SecantusDB answers by materialising every flagged one first).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from pymongo import ASCENDING, AsyncMongoClient
from servicekit.testing.servers import mongo_server

CHUNK = 5000  # a multiple of 50


async def fill(db: object, backlog: int) -> None:
    """``backlog`` flagged notifications and their queue entries."""
    notes, queue = db["notifications"], db["mail_queue"]  # type: ignore[index]
    await notes.create_index([("mail_check", ASCENDING)], sparse=True)
    await queue.create_index([("key", ASCENDING)], unique=True)
    now = datetime.now(UTC)
    for start in range(0, backlog, CHUNK):
        ids = range(start + 1, min(backlog, start + CHUNK) + 1)
        await notes.insert_many(
            [
                {
                    "_id": f"e-{n:06d}:must",
                    "recipient": f"e-{n:06d}",
                    "type": "must_read",
                    "last_event_at": now,
                    "mail_check": True,
                }
                for n in ids
            ]
        )
        keys = range(ids[0] // 50 + 1, ids[-1] // 50 + 1)
        await queue.insert_many(
            [
                {
                    "_id": k,
                    "key": k,
                    "ids": [f"e-{n:06d}:must" for n in range(k * 50 - 49, k * 50 + 1)],
                }
                for k in keys
            ]
        )


async def timed(label: str, read: object) -> None:
    started = time.perf_counter()
    found = await read  # type: ignore[misc]
    print(f"{label}: {len(found)} in {(time.perf_counter() - started) * 1000:.1f} ms")


async def run(backlog: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, mongo_server(Path(tmp)) as url:
        client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(url)
        db = client["bench_queue"]
        started = time.perf_counter()
        await fill(db, backlog)
        print(f"backlog of {backlog} written in {time.perf_counter() - started:.1f} s")
        for _ in range(2):
            low = backlog // 100
            window = {"key": {"$gt": low, "$lte": low + 10}}
            await timed("queue window of 10 keys", db["mail_queue"].find(window).to_list(None))
            flagged = db["notifications"].find({"mail_check": True}).to_list(500)
            await timed("500 by the mail_check flag", flagged)
        await client.close()


def main() -> None:
    """Parse the size and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backlog", type=int, default=105_000)
    asyncio.run(run(parser.parse_args().backlog))


if __name__ == "__main__":
    main()
