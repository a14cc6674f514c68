"""Domain errors: values at the domain edge, mapped once to problem+json by the API."""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused; ``detail`` is safe to show to the caller."""

    detail = "The command was refused."

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.detail)
        self.detail = detail or self.detail


class PostNotFound(DomainError):
    """No such post, deleted, or the caller may not read it (never say which)."""

    detail = "Post not found."


class CommentNotFound(DomainError):
    """No such comment on this post, or deleted."""

    detail = "Comment not found."


class GroupNotFound(DomainError):
    """No such group, deleted, or secret and the caller is not a member."""

    detail = "Group not found."


class MembersOnly(DomainError):
    """Only active members of the group may do this."""

    detail = "Only active members of this group may do this."


class NotAllowed(DomainError):
    """The caller's role does not allow this (author, group moderator or platform admin)."""

    detail = "You may not do this with this post."


class GroupArchived(DomainError):
    """The group is read-only."""

    detail = "The group is archived (read-only)."


class TooManyPins(DomainError):
    """A group holds at most MAX_PINS active pins."""

    detail = "This group already has the most pinned posts it may have."


class ReplyToReply(DomainError):
    """Replies go one level deep: the parent must be a top-level comment."""

    detail = "You can only reply to a top-level comment."


class AttachmentNotFound(DomainError):
    """No such attachment, or not the caller's to use (uploads are their uploader's)."""

    detail = "Attachment not found."


class AttachmentRejected(DomainError):
    """The stored file is missing, too large, or its content is not of the declared type."""

    detail = "The attachment could not be verified."


class TooManyAttachments(DomainError):
    """A post holds at most MAX_ATTACHMENTS files."""

    detail = "A post holds at most 10 attachments."


class StorageUnavailable(DomainError):
    """The attachment store did not answer; nothing was changed, try again."""

    detail = "The attachment storage is unavailable; try again shortly."
