"""People, follows, groups and memberships (``collab_replicas``), with erasure.

An erased person's notifications are deleted, and they vanish as an actor (and from the
causes) of everyone else's: a group's count is its remaining actors, a notification left
without any actor that needed one is deleted (and leaves its recipient's unread count).
Their unread counter, preferences, mails and address go too.
"""

from __future__ import annotations

from collab_replicas import PersonStatus, groups_projection
from servicekit.projection import ReadModels

from notification_service.projections.names import (
    ADDRESSES,
    MAILS,
    NOTIFICATIONS,
    PREFERENCES,
    VOTERS,
)
from notification_service.projections.unread import forget, untrack


async def forget_erased(models: ReadModels, employee_id: str, status: PersonStatus) -> None:
    """Delete what the notification service holds about an erased person (idempotent)."""
    if not status.erased:
        return
    notes = models[NOTIFICATIONS]
    await notes.delete_many({"recipient": employee_id})
    await forget(models, employee_id)
    deleted = []
    async for doc in notes.find({"actor_ids": employee_id}):
        causes = {
            k: c for k, c in (doc.get("causes") or {}).items() if c.get("actor") != employee_id
        }
        actors = [a for a in doc.get("actor_ids", []) if a != employee_id]
        if not actors:
            await notes.delete_one({"_id": doc["_id"]})
            deleted.append(doc)
            continue
        times = {a: t for a, t in (doc.get("actor_times") or {}).items() if a != employee_id}
        update = {"actor_ids": actors, "actor_times": times, "causes": causes}
        await notes.update_one({"_id": doc["_id"]}, {"$set": update})
    await untrack(models, deleted)
    for name in (PREFERENCES, ADDRESSES):
        await models[name].delete_one({"_id": employee_id})
    await models[MAILS].delete_many({"employee_id": employee_id})
    await models[VOTERS].delete_many({"employee_id": employee_id})


REPLICAS = groups_projection(name="replicas", follows=False, on_status_change=forget_erased)
