"""Read model ``obliged``: who each must-read obliges, in chunks of up to 1,000 people.

Fanned out from the frozen snapshot of each published must-read version (the
``audience_snapshots`` registry, which no projection writes, so a rebuild yields the same
documents) and from later audience entrants. One document per snapshot chunk
(``<article>/<snapshot>/<chunk>``) or per entrants event and chunk
(``<article>/joined-<event>/<chunk>``), inserted if absent, with the ids in a multikey
index: a whole-company must-read is ~100 inserts, not 100,000 (on SecantusDB one
document costs about as much as a few hundred index keys). Someone in several chunks of
one article (several versions, or a later entrant) was obliged since the earliest.
A projection of its own, so a whole-company fan-out never delays the articles' read model.
Replaces the ``obligations`` model of one document per person, dropped at setup (the new
consumer group fills this one from the start of the topic).
"""

from __future__ import annotations

from typing import Any

from collab_events.news import ArticlePublished, MustReadAudienceJoined
from servicekit.projection import EventContext, Projection, ReadModels

from news_service.projections.names import OBLIGED
from news_service.registries.erased import ErasedPeople
from news_service.registries.snapshots import Snapshots

Doc = dict[str, Any]
CHUNK = 1000
LEGACY = "obligations"

OBLIGED_PROJECTION = Projection(name="obliged", sources=("news",), collections=(OBLIGED,))


@OBLIGED_PROJECTION.setup
async def create_indexes(models: ReadModels) -> None:
    """Chunks by employee (pending lists, my standing). Reports and reminders read who is
    obliged from the snapshots and entrants (``queries/obliged.py``)."""
    await models[OBLIGED].create_index("employee_ids")
    if LEGACY in await models.db.list_collection_names():
        await models.db.drop_collection(LEGACY)


async def _oblige(
    ctx: EventContext, article_id: str, source: str, employee_ids: list[str], since: str
) -> None:
    # Erased people are obliged under their alias: a rebuild keeps the counts, not the ids.
    names = await ErasedPeople(ctx.models.db).names(employee_ids)
    for n, start in enumerate(range(0, len(names), CHUNK)):
        doc: Doc = {"_id": f"{article_id}/{source}/{n:06d}", "article_id": article_id}
        doc.update(employee_ids=names[start : start + CHUNK], since=since)
        ctx.writes.insert_if_absent(ctx.models[OBLIGED], doc)


@OBLIGED_PROJECTION.on(ArticlePublished, batched=True)
async def oblige_frozen_audience(event: ArticlePublished, ctx: EventContext) -> None:
    """Everyone in the version's frozen audience is obliged."""
    if not event.must_read or event.snapshot_id is None:
        return
    members = await Snapshots(ctx.models.db).members(event.snapshot_id)
    await _oblige(ctx, event.article_id, event.snapshot_id, members, event.published_at)


@OBLIGED_PROJECTION.on(MustReadAudienceJoined, batched=True)
async def oblige_entrants(event: MustReadAudienceJoined, ctx: EventContext) -> None:
    """Later entrants are obliged from when they joined."""
    since = ctx.envelope.time.isoformat().replace("+00:00", "Z")
    source = f"joined-{ctx.envelope.id}"
    await _oblige(ctx, event.article_id, source, list(event.employee_ids), since)
