"""Events that arrived before what they refer to, kept until it arrives.

A reaction's record and its post's come from different streams (and partitions), so a
reaction may be applied before the post it is on; the same holds for a reply and its
parent comment. Such an event is kept under the missing item's key and applied again when
the item arrives (or dropped with it). Keyed by the event id: a redelivery stores it once.
"""

from __future__ import annotations

from collab_events import REGISTRY, CloudEvent
from pymongo import ASCENDING
from servicekit.projection import EventContext, ReadModels

from notification_service.projections.inbox import INBOX

DEFERRED = "deferred"
INBOX.collections = (*INBOX.collections, DEFERRED)


@INBOX.setup
async def index_deferred(models: ReadModels) -> None:
    """Deferred events are found by what they wait for."""
    await models[DEFERRED].create_index([("waits_for", ASCENDING)])


async def defer(ctx: EventContext, waits_for: str) -> None:
    """Keep the event being applied until ``waits_for`` (``post:<p>``, ``comment:<c>``) arrives."""
    doc = {"waits_for": waits_for, "envelope": ctx.envelope.model_dump(mode="json")}
    await ctx.models[DEFERRED].update_one({"_id": ctx.envelope.id}, {"$set": doc}, upsert=True)


async def resume(ctx: EventContext, arrived: str) -> None:
    """Apply again every event that waited for ``arrived``."""
    found = ctx.models[DEFERRED].find({"waits_for": arrived})
    for doc in await found.to_list(None):
        envelope = CloudEvent.model_validate(doc["envelope"])
        event = REGISTRY.decode(envelope)
        handler = INBOX.handler_for(event)
        await ctx.models[DEFERRED].delete_one({"_id": doc["_id"]})
        if handler is not None:
            await handler(event, EventContext(envelope, ctx.models, ctx.writes))


async def drop(ctx: EventContext, gone: str) -> None:
    """Forget what waited for an item that is gone."""
    await ctx.models[DEFERRED].delete_many({"waits_for": gone})
