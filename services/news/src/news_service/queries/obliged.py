"""Who a must-read obliges, read from what the obligations are fanned out from.

The frozen snapshots (chunks of 1,000 ids) and the entrants stream hold the same people
as the article's ``obligations`` documents, in ~100 reads for 100,000 people instead of
100,000 documents; erased people are named by their alias, as the documents are. So the
reports and the reminders never read obligations by article (and that index is not kept).
"""

from __future__ import annotations

from typing import Any

from servicekit.commands import load_state
from servicekit.projection import ReadModels
from servicekit.streams import EventStorePort

from news_service.domain.model import ROUNDS
from news_service.domain.streams import entrants_subject
from news_service.registries.erased import ErasedPeople
from news_service.registries.snapshots import Snapshots

Doc = dict[str, Any]


async def obliged_ids(
    models: ReadModels, store: EventStorePort, snapshots: Snapshots, article: Doc
) -> list[str]:
    """Everyone the article ``article`` (an ``articles`` document) obliged, once each."""
    ids: dict[str, None] = {}
    for snapshot_id in article.get("snapshot_ids") or ():
        ids.update(dict.fromkeys(await snapshots.members(snapshot_id)))
    entrants, _ = await load_state(store, entrants_subject(article["_id"]), ROUNDS)
    ids.update(dict.fromkeys(sorted(entrants.entrants)))
    return list(dict.fromkeys(await ErasedPeople(models.db).names(list(ids))))
