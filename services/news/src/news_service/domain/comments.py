"""Comments on articles: state, commands and decisions over ``article:<a>/comment:<c>``.

Readers of a published article comment when its editors enabled comments; authors edit
and delete their own; the channel's editors and platform admins delete any (moderation).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from collab_events import Event
from collab_events.news import (
    ArticleCommentAdded,
    ArticleCommentDeleted,
    ArticleCommentEdited,
    CommentContent,
)
from servicekit.commands import NO_CHANGE, Aggregate, Decision

from news_service.domain import errors
from news_service.domain.model import Caller


def comment_subject(article_id: str, comment_id: str) -> str:
    """One comment's stream."""
    return f"article:{article_id}/comment:{comment_id}"


@dataclass(frozen=True, slots=True)
class CommentState:
    """A comment's author and text, and whether it was deleted."""

    author_id: str = ""
    text: str = ""
    deleted: bool = False

    @property
    def exists(self) -> bool:
        """Added and not deleted."""
        return bool(self.author_id) and not self.deleted


def evolve_comment(state: CommentState, event: Event) -> CommentState:
    """The comment after one of its events."""
    match event:
        case ArticleCommentAdded():
            return CommentState(event.author_id, event.content.text)
        case ArticleCommentEdited():
            return replace(state, text=event.content.text)
        case ArticleCommentDeleted():
            return replace(state, deleted=True, text="")
    return state


COMMENT = Aggregate(CommentState, evolve_comment)


@dataclass(frozen=True, slots=True)
class AddComment:
    """A reader comments; ``open`` says whether the article takes comments now."""

    article_id: str
    comment_id: str
    caller: Caller
    text: str
    open: bool


@dataclass(frozen=True, slots=True)
class ChangeComment:
    """Edit (``text``) or delete (``text`` None) a comment; ``moderator``: an editor."""

    article_id: str
    comment_id: str
    caller: Caller
    text: str | None = None
    moderator: bool = False


def decide_add(command: AddComment, state: CommentState) -> Decision:
    """Add once (a retry with the same id changes nothing)."""
    if state.author_id:
        return NO_CHANGE
    if not command.open:
        raise errors.CommentsClosed("this article takes no comments")
    event = ArticleCommentAdded(
        article_id=command.article_id, comment_id=command.comment_id,
        author_id=command.caller.employee_id, content=CommentContent(text=command.text),
    )  # fmt: skip
    return Decision.of(comment_subject(command.article_id, command.comment_id), event)


def decide_change(command: ChangeComment, state: CommentState) -> Decision:
    """Authors edit and delete; moderators delete."""
    if not state.exists:
        raise errors.CommentNotFound("no such comment")
    author = state.author_id == command.caller.employee_id
    subject = comment_subject(command.article_id, command.comment_id)
    ids = {"article_id": command.article_id, "comment_id": command.comment_id}
    if command.text is None:
        if not (author or command.moderator):
            raise errors.NotAllowed("authors and the channel's editors delete comments")
        return Decision.of(subject, ArticleCommentDeleted(**ids, reason=_reason(author)))
    if not author:
        raise errors.NotAllowed("only the author edits a comment")
    if command.text == state.text:
        return NO_CHANGE
    return Decision.of(
        subject, ArticleCommentEdited(**ids, content=CommentContent(text=command.text))
    )


def _reason(author: bool) -> Literal["author", "moderator"]:
    return "author" if author else "moderator"
