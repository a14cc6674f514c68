"""The feed's replicas of people, follows, groups and memberships (``collab_replicas``).

An erasure also forgets at once what the person wrote and how they reacted, before the
erasure policy's own events (``PostDeleted``, ``CommentDeleted``, ``ReactionRemoved``)
arrive: from that moment no read model holds their content.
"""

from __future__ import annotations

from collab_replicas import PersonStatus, groups_projection
from servicekit.projection import ReadModels

from feed_service.projections.names import (
    COMMENTS,
    HISTORY,
    MODERATION,
    POSTS,
    REACTIONS,
    TIMELINE,
)


async def forget_erased(models: ReadModels, employee_id: str, status: PersonStatus) -> None:
    """Delete an erased person's posts, their history, comments and reactions (idempotent)."""
    if not status.erased:
        return
    posts = models[POSTS].find({"author_id": employee_id}, {"_id": 1})
    post_ids = [doc["_id"] async for doc in posts]
    await models[HISTORY].delete_many({"post_id": {"$in": post_ids}})
    await models[POSTS].delete_many({"author_id": employee_id})
    await models[MODERATION].delete_many({"author_id": employee_id})
    await models[COMMENTS].delete_many({"author_id": employee_id})
    await models[REACTIONS].delete_many({"employee_id": employee_id})
    await models[TIMELINE].delete_many({"reader": employee_id})
    await models[TIMELINE].delete_many({"author_id": employee_id})


REPLICAS = groups_projection(name="replicas", follows=True, on_status_change=forget_erased)
