"""The ``content`` projection: other services' content shown in feeds.

Published news articles (``feed_articles``, from the news topic) and group polls
(``feed_polls``, from the polling topic): what a feed item shows of them and who may see
it, nothing else. Of polls only the lifecycle is read; no ballot, turnout or result
event is ever handled, so nothing about ballots reaches this database.
"""

from __future__ import annotations

from servicekit.projection import Projection, ReadModels

from feed_service.projections.names import ARTICLES, POLLS

CONTENT = Projection(name="content", sources=("news", "polling"), collections=(ARTICLES, POLLS))


@CONTENT.setup
async def create_indexes(models: ReadModels) -> None:
    """Listed articles by key; a group's listed polls by key (ascending, read either way)."""
    await models[ARTICLES].create_index([("live", 1), ("key", 1)])
    await models[POLLS].create_index([("group_id", 1), ("key", 1)])
