"""The ``news`` projection: channels, articles, readers, comments and reactions (news topic).

Every handler only sets fields of its stream's document (guarded by the stream version),
so all of them are batched: one bulk write per collection per Kafka batch.
"""

from __future__ import annotations

from servicekit.projection import Projection, ReadModels

from news_service.projections.names import ARTICLES, CHANNELS, COMMENTS, REACTIONS, READERS

NEWS = Projection(
    name="news",
    sources=("news",),
    collections=(CHANNELS, ARTICLES, READERS, COMMENTS, REACTIONS),
)


@NEWS.setup
async def create_indexes(models: ReadModels) -> None:
    """The reader's stream, search, the timer's lookups, readers per article, reactions,
    and each employee's own documents (the data export)."""
    articles = models[ARTICLES]
    await articles.create_index([("status", 1), ("sort", -1)])
    await articles.create_index([("channel_id", 1), ("status", 1), ("sort", -1)])
    await articles.create_index([("inc_keys", 1), ("status", 1), ("sort", -1)])
    await articles.create_index("search")
    await articles.create_index([("status", 1), ("publish_at", 1)])
    await articles.create_index([("must_read", 1), ("status", 1)])
    await articles.create_index("author_id")  # the author's data export
    await models[READERS].create_index([("article_id", 1), ("employee_id", 1)])
    await models[READERS].create_index("employee_id")
    await models[COMMENTS].create_index([("article_id", 1), ("deleted", 1), ("_id", 1)])
    await models[COMMENTS].create_index("author_id")
    await models[REACTIONS].create_index([("target", 1), ("reaction", 1)])
    await models[REACTIONS].create_index("employee_id")
