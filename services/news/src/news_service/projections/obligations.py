"""Read model ``obligations``: one document per must-read and obliged employee.

Fanned out from the frozen snapshot of each published must-read version (the
``audience_snapshots`` registry, which no projection writes, so a rebuild yields the same
documents) and from later audience entrants. Natural keys ``<article>/<employee>`` (an
erased person's alias) inserted if absent: the first obligation's time stays. A projection
of its own, so a whole-company fan-out never delays the articles' read model.
"""

from __future__ import annotations

from collab_events.news import ArticlePublished, MustReadAudienceJoined
from servicekit.projection import EventContext, Projection, ReadModels

from news_service.projections.names import OBLIGATIONS
from news_service.registries.erased import ErasedPeople
from news_service.registries.snapshots import Snapshots

OBLIGATIONS_PROJECTION = Projection(
    name="obligations", sources=("news",), collections=(OBLIGATIONS,)
)


@OBLIGATIONS_PROJECTION.setup
async def create_indexes(models: ReadModels) -> None:
    """Obligations by employee (pending lists). Reports and reminders read who is obliged
    from the snapshots and entrants (``queries/obliged.py``): one index less per insert of a
    whole-company fan-out."""
    await models[OBLIGATIONS].create_index("employee_id")


async def _oblige(ctx: EventContext, article_id: str, employee_ids: list[str], since: str) -> None:
    collection = ctx.models[OBLIGATIONS]
    # Erased people are obliged under their alias: a rebuild keeps the counts, not the ids.
    for employee_id in await ErasedPeople(ctx.models.db).names(employee_ids):
        doc = {"_id": f"{article_id}/{employee_id}", "article_id": article_id}
        doc.update(employee_id=employee_id, since=since)
        ctx.writes.insert_if_absent(collection, doc)


@OBLIGATIONS_PROJECTION.on(ArticlePublished, batched=True)
async def oblige_frozen_audience(event: ArticlePublished, ctx: EventContext) -> None:
    """Everyone in the version's frozen audience is obliged (if not already)."""
    if not event.must_read or event.snapshot_id is None:
        return
    members = await Snapshots(ctx.models.db).members(event.snapshot_id)
    await _oblige(ctx, event.article_id, members, event.published_at)


@OBLIGATIONS_PROJECTION.on(MustReadAudienceJoined, batched=True)
async def oblige_entrants(event: MustReadAudienceJoined, ctx: EventContext) -> None:
    """Later entrants are obliged from when they joined."""
    since = ctx.envelope.time.isoformat().replace("+00:00", "Z")
    await _oblige(ctx, event.article_id, list(event.employee_ids), since)
