"""Decisions of moderation: report a post, hide it, restore it (every action is an event)."""

from __future__ import annotations

from dataclasses import dataclass

from collab_events.feed import PostHidden, PostReported, PostRestored
from servicekit.commands import NO_CHANGE, Decision

from feed_service.domain.access import ensure_readable, may_moderate, where
from feed_service.domain.commands import HidePost, ReportPost, RestorePost
from feed_service.domain.errors import NotAllowed
from feed_service.domain.model import PlaceView, PostState
from feed_service.domain.streams import post_subject, report_subject


@dataclass(frozen=True, slots=True)
class ModerationContext:
    """The post, its place as the caller sees it, and whether the caller reported it already."""

    post: PostState
    place: PlaceView
    reported: bool = False


def decide_report(command: ReportPost, ctx: ModerationContext) -> Decision:
    """PostReported by someone who may read the post; a second report changes nothing."""
    ensure_readable(ctx.post, ctx.place, command.caller)
    if ctx.reported:
        return NO_CHANGE
    event = PostReported(
        post_id=command.post_id,
        author_id=ctx.post.author_id,
        reporter_id=command.caller.employee_id,
        reason=command.reason,
        **where(ctx.post, ctx.place),
    )
    return Decision.of(report_subject(command.post_id, command.caller.employee_id), event)


def _ensure_moderator(command: HidePost | RestorePost, ctx: ModerationContext) -> None:
    ensure_readable(ctx.post, ctx.place, command.caller)
    if not may_moderate(ctx.place, command.caller):
        raise NotAllowed("Only the group's moderators and platform admins moderate posts.")


def decide_hide(command: HidePost, ctx: ModerationContext) -> Decision:
    """PostHidden by a moderator; hiding a hidden post changes nothing."""
    _ensure_moderator(command, ctx)
    if ctx.post.hidden:
        return NO_CHANGE
    event = PostHidden(
        post_id=command.post_id,
        author_id=ctx.post.author_id,
        moderator_id=command.caller.employee_id,
        reason=command.reason,
        **where(ctx.post, ctx.place),
    )
    return Decision.of(post_subject(command.post_id), event)


def decide_restore(command: RestorePost, ctx: ModerationContext) -> Decision:
    """PostRestored by a moderator; restoring a visible post changes nothing."""
    _ensure_moderator(command, ctx)
    if not ctx.post.hidden:
        return NO_CHANGE
    event = PostRestored(
        post_id=command.post_id,
        author_id=ctx.post.author_id,
        moderator_id=command.caller.employee_id,
        reason=command.reason,
        **where(ctx.post, ctx.place),
    )
    return Decision.of(post_subject(command.post_id), event)
