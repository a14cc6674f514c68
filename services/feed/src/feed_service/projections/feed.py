"""The ``feed`` projection: posts, their history, pins, comments and reactions.

One projection over the feed topic (a rebuild replays them together); the handlers live
in ``posts``, ``comments`` and ``reactions``. Per-stream documents are written only
through ``servicekit.guarded`` (guarded by the stream version), history entries and
reactions by natural keys.
"""

from __future__ import annotations

from datetime import datetime

from servicekit.projection import Projection, ReadModels

from feed_service.projections.names import (
    COMMENTS,
    HISTORY,
    MODERATION,
    PINS,
    POSTS,
    REACTIONS,
    SETTINGS,
)

FEED = Projection(
    name="feed",
    sources=("feed",),
    collections=(POSTS, HISTORY, PINS, COMMENTS, REACTIONS, MODERATION, SETTINGS),
)


def sort_key(at: datetime, item_id: str) -> str:
    """A fixed-width, time-ordered key that is unique (the id breaks ties): the cursor."""
    return f"{at.strftime('%Y%m%dT%H%M%S.%f')}|{item_id}"


@FEED.setup
async def create_indexes(models: ReadModels) -> None:
    """Indexes of every list: by group, author, topic, history, comments, reactions, reports.

    Keys are indexed ascending and read either way: SecantusDB answered nothing for a
    range on a descending key after an equality in one of these shapes.
    """
    posts = models[POSTS]
    await posts.create_index([("group_id", 1), ("key", 1)])
    await posts.create_index([("author_id", 1), ("key", 1)])
    await posts.create_index([("topics", 1), ("key", 1)])
    await posts.create_index("terms")
    await models[COMMENTS].create_index("terms")
    await models[HISTORY].create_index([("post_id", 1), ("version", 1)])
    await models[COMMENTS].create_index([("post_id", 1), ("parent_id", 1), ("key", 1)])
    await models[COMMENTS].create_index("author_id")
    await models[REACTIONS].create_index([("target", 1), ("reaction", 1)])
    await models[REACTIONS].create_index("employee_id")
    await models[MODERATION].create_index("key")
    await models[MODERATION].create_index("reporters")  # a person's own reports (export)
    await models[MODERATION].create_index([("group_id", 1), ("key", 1)])
