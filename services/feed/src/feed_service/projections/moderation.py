"""Read model ``moderation_queue``: one document per reported post, open until judged.

Reports (their own streams) and judgements (the post stream) arrive in any order, so
each write is keyed and order-free: reporters by ``$addToSet``, times by ``$max``, and
``queue`` (``open`` or ``judged``) is set only by the later of the last report and the
last judgement. Hiding and restoring also flip ``hidden`` on the post document
(guarded by the post stream).
"""

from __future__ import annotations

from collab_events.feed import PostHidden, PostReported, PostRestored
from servicekit.guarded import upsert_if_newer
from servicekit.projection import EventContext

from feed_service.projections.feed import FEED, sort_key
from feed_service.projections.names import MODERATION, POSTS

OPEN, JUDGED = "open", "judged"


@FEED.on(PostReported)
async def queue_report(event: PostReported, ctx: EventContext) -> None:
    """Add the reporter to the post's queue entry; it is open unless judged since."""
    queue, at = ctx.models[MODERATION], ctx.envelope.time
    place = {"group_id": event.group_id, "profile_id": event.profile_id}
    await queue.update_one(
        {"_id": event.post_id},
        {
            "$setOnInsert": {**place, "author_id": event.author_id},
            "$addToSet": {"reporters": event.reporter_id},
            "$max": {"last_reported_at": at, "key": sort_key(at, event.post_id)},
        },
        upsert=True,
    )
    judged_before = {"_id": event.post_id, "resolved_at": {"$not": {"$gte": at}}}
    await queue.update_one(judged_before, {"$set": {"queue": OPEN, "last_reason": event.reason}})


async def _judge(ctx: EventContext, post_id: str, hidden: bool) -> None:
    posts, queue, at = ctx.models[POSTS], ctx.models[MODERATION], ctx.envelope.time
    found = await posts.find_one({"_id": post_id}, {"deleted": 1})  # by id only: the index
    if found is not None and found.get("deleted") is False:
        await upsert_if_newer(posts, post_id, ctx.version, {"hidden": hidden})
    status = "hidden" if hidden else "restored"
    await queue.update_one(
        {"_id": post_id}, {"$max": {"resolved_at": at}, "$set": {"status": status}}
    )
    reported_before = {"_id": post_id, "last_reported_at": {"$not": {"$gt": at}}}
    await queue.update_one(reported_before, {"$set": {"queue": JUDGED}})


@FEED.on(PostHidden)
async def hide_post(event: PostHidden, ctx: EventContext) -> None:
    """The post leaves every list but its author's and moderators'; its reports are judged."""
    await _judge(ctx, event.post_id, hidden=True)


@FEED.on(PostRestored)
async def restore_post(event: PostRestored, ctx: EventContext) -> None:
    """The post is back in the lists; its reports are judged."""
    await _judge(ctx, event.post_id, hidden=False)
