"""Feed events -> mentions, comments, replies, reactions, hidden posts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from collab_events.feed import (
    CommentAdded,
    PostDeleted,
    PostEdited,
    PostHidden,
    PostPublished,
    ReactionSet,
)
from servicekit.projection import EventContext

from notification_service.domain.notices import Notice, Target
from notification_service.projections.causes import (
    cause_of,
    live_replicas,
    may_read,
    origin_of,
)
from notification_service.projections.deferred import defer, drop, resume
from notification_service.projections.inbox import INBOX, deliver
from notification_service.projections.names import COMMENTS, POSTS


def post_link(post_id: str) -> str:
    """Where a post opens."""
    return f"/posts/{post_id}"


def _post_target(post: dict[str, Any], kind: str = "post", id_: str | None = None) -> Target:
    return Target(
        kind=kind,
        id=id_ or post["_id"],
        link=post_link(post["_id"]),
        group_id=post.get("group_id"),
        post_id=post["_id"],
        origin=post.get("origin"),
        context={"thing": kind},
    )


async def _readable(ctx: EventContext, notices: list[Notice], post: dict[str, Any]) -> list[Notice]:
    replicas = live_replicas(ctx)
    group, visibility = post.get("group_id"), post.get("visibility", "public")
    return [n for n in notices if await may_read(replicas, n.recipient, group, visibility)]


async def _mention(
    ctx: EventContext,
    post: dict[str, Any],
    mentions: list[str],
    key: str,
    actor: str,
    target: Target,
) -> None:
    cause = cause_of(ctx, actor)
    notices = [Notice(m, "mention", target, cause, f"mention:{key}") for m in mentions]
    await deliver(ctx, await _readable(ctx, notices, post))


@INBOX.on(PostPublished)
async def record_post_and_mentions(event: PostPublished, ctx: EventContext) -> None:
    """Remember the post; notify whom it mentions and who may read it."""
    post = {
        "_id": event.post_id,
        "author_id": event.author_id,
        "group_id": event.group_id,
        "profile_id": event.profile_id,
        "visibility": event.visibility,
        "origin": origin_of(ctx),
    }
    await ctx.models[POSTS].update_one({"_id": event.post_id}, {"$set": post}, upsert=True)
    await _mention(ctx, post, event.mentions, event.post_id, event.author_id, _post_target(post))
    await resume(ctx, f"post:{event.post_id}")


@INBOX.on(PostEdited)
async def notify_new_mentions(event: PostEdited, ctx: EventContext) -> None:
    """Mentions added by an edit (one mention notice per post and person)."""
    post = await ctx.models[POSTS].find_one({"_id": event.post_id})
    if post is not None and not post.get("deleted"):
        await _mention(
            ctx, post, event.mentions, event.post_id, event.author_id, _post_target(post)
        )


@INBOX.on(PostDeleted)
async def forget_post(event: PostDeleted, ctx: EventContext) -> None:
    """A deleted post is no reason to notify any more (kept as a tombstone)."""
    await ctx.models[POSTS].update_one(
        {"_id": event.post_id}, {"$set": {"deleted": True}}, upsert=True
    )
    await drop(ctx, f"post:{event.post_id}")


@INBOX.on(CommentAdded)
async def notify_comment(event: CommentAdded, ctx: EventContext) -> None:
    """The post's author, the parent comment's author, and whom the comment mentions."""
    comment = {
        "_id": event.comment_id,
        "author_id": event.author_id,
        "post_id": event.post_id,
        "origin": origin_of(ctx),
    }
    await ctx.models[COMMENTS].update_one({"_id": event.comment_id}, {"$set": comment}, upsert=True)
    await resume(ctx, f"comment:{event.comment_id}")
    post = await ctx.models[POSTS].find_one({"_id": event.post_id}) or {
        "_id": event.post_id,
        "group_id": event.group_id,
        "visibility": event.visibility,
        "author_id": event.post_author_id,
    }
    if post.get("deleted"):
        return
    cause, notices = cause_of(ctx, event.author_id), []
    parent_author = None
    if event.parent_id is not None:
        parent = await ctx.models[COMMENTS].find_one({"_id": event.parent_id})
        if parent is None:
            return await defer(ctx, f"comment:{event.parent_id}")
        parent_author = parent["author_id"]
    if parent_author is not None:
        notices.append(
            Notice(parent_author, "reply_to_comment", _post_target(post), cause, ctx.envelope.id)
        )
    if event.post_author_id != parent_author:
        notices.append(
            Notice(
                event.post_author_id, "comment_on_post", _post_target(post), cause, ctx.envelope.id
            )
        )
    notices += [
        Notice(
            m,
            "mention",
            _post_target(post, "comment", event.comment_id),
            cause,
            f"mention:{event.comment_id}",
        )
        for m in event.mentions
    ]
    await deliver(ctx, await _readable(ctx, notices, post))


@INBOX.on(ReactionSet)
async def notify_reaction(event: ReactionSet, ctx: EventContext) -> None:
    """The author of the post (or comment) reacted to, grouped per target."""
    post = await ctx.models[POSTS].find_one({"_id": event.post_id})
    if post is None:
        return await defer(ctx, f"post:{event.post_id}")
    if post.get("deleted"):
        return
    author, target = post.get("author_id"), _post_target(post)
    if event.comment_id is not None:
        comment = await ctx.models[COMMENTS].find_one({"_id": event.comment_id})
        if comment is None:
            return await defer(ctx, f"comment:{event.comment_id}")
        author = comment["author_id"]
        target = _post_target(post, "comment", event.comment_id)
        target = replace(target, origin=comment.get("origin"))
    if author is None:
        return
    notice = Notice(author, "reaction", target, cause_of(ctx, event.employee_id), ctx.envelope.id)
    await deliver(ctx, await _readable(ctx, [notice], post))


@INBOX.on(PostHidden)
async def notify_hidden_post(event: PostHidden, ctx: EventContext) -> None:
    """The author learns a moderator hid their post."""
    post = await ctx.models[POSTS].find_one({"_id": event.post_id}) or {
        "_id": event.post_id,
        "group_id": event.group_id,
    }
    target = _post_target(post)
    cause = cause_of(ctx, event.moderator_id)
    await deliver(ctx, [Notice(event.author_id, "post_hidden", target, cause, ctx.envelope.id)])
