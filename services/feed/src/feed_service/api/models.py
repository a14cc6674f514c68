"""Request bodies and command responses (with explicit limits)."""

from __future__ import annotations

from typing import Annotated

from collab_events.feed import (
    MAX_ATTACHMENTS,
    MAX_COMMENT_TEXT,
    MAX_LINKS,
    MAX_POST_TEXT,
    Link,
    ReactionType,
)
from collab_events.ids import ID_PATTERN
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

PostText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_POST_TEXT)]
CommentText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_COMMENT_TEXT)]
AttachmentIds = Annotated[
    list[Annotated[str, StringConstraints(pattern=ID_PATTERN)]],
    Field(max_length=MAX_ATTACHMENTS, description="Ids from POST /v1/attachments, in order."),
]
Url = Annotated[str, StringConstraints(max_length=2000, pattern=r"^https?://[^\x00-\x20\x7f]+$")]


class LinkIn(BaseModel):
    """A link with the title it is shown under."""

    model_config = ConfigDict(extra="forbid")

    url: Url
    title: Annotated[str, StringConstraints(max_length=200)] = ""

    def link(self) -> Link:
        """The contract's link."""
        return Link(url=self.url, title=self.title)


class NewPost(BaseModel):
    """Body of POST /v1/posts: in a group, or on the caller's own profile without group_id."""

    model_config = ConfigDict(extra="forbid")

    group_id: Annotated[str, StringConstraints(pattern=ID_PATTERN)] | None = None
    text: PostText
    links: list[LinkIn] = Field(default_factory=list, max_length=MAX_LINKS)
    attachments: AttachmentIds = Field(default_factory=list)


class PostChanges(BaseModel):
    """Body of PATCH /v1/posts/{id}: the complete new text, links and attachments."""

    model_config = ConfigDict(extra="forbid")

    text: PostText
    links: list[LinkIn] = Field(default_factory=list, max_length=MAX_LINKS)
    attachments: AttachmentIds = Field(default_factory=list)


class NewComment(BaseModel):
    """Body of POST …/comments: a comment, or a reply to a top-level comment."""

    model_config = ConfigDict(extra="forbid")

    text: CommentText
    parent_id: Annotated[str, StringConstraints(pattern=ID_PATTERN)] | None = None


class CommentChanges(BaseModel):
    """Body of PATCH …/comments/{id}."""

    model_config = ConfigDict(extra="forbid")

    text: CommentText


class ReactionBody(BaseModel):
    """Body of PUT …/reactions/me."""

    model_config = ConfigDict(extra="forbid")

    type: ReactionType


class PinBody(BaseModel):
    """Body of PUT /v1/groups/{id}/pins/{post}: pinned until ``until`` (none: no expiry)."""

    model_config = ConfigDict(extra="forbid")

    until: AwareDatetime | None = None


class CommandResult(BaseModel):
    """The affected stream's id and new version."""

    id: str
    version: int


def links_of(links: list[LinkIn]) -> tuple[Link, ...]:
    """The contract's links."""
    return tuple(link.link() for link in links)
