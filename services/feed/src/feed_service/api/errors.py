"""Domain errors mapped once to problem+json (raised and documented alike) for every router."""

from __future__ import annotations

from servicekit.http.problems import ProblemType
from servicekit.http.routes import ProblemCatalog

from feed_service.domain import errors

CATALOG = ProblemCatalog(
    errors.DomainError,
    {
        errors.PostNotFound: ProblemType(404, "post-not-found", "Post not found"),
        errors.CommentNotFound: ProblemType(404, "comment-not-found", "Comment not found"),
        errors.GroupNotFound: ProblemType(404, "group-not-found", "Group not found"),
        errors.MembersOnly: ProblemType(403, "group-members-only", "Members only"),
        errors.NotAllowed: ProblemType(403, "feed-role-required", "Not allowed"),
        errors.GroupArchived: ProblemType(409, "group-archived", "Group archived"),
        errors.TooManyPins: ProblemType(409, "too-many-pins", "Too many pinned posts"),
        errors.ReplyToReply: ProblemType(422, "reply-to-reply", "Replies go one level deep"),
        errors.AttachmentNotFound: ProblemType(404, "attachment-not-found", "Attachment not found"),
        errors.AttachmentRejected: ProblemType(
            422, "attachment-rejected", "Attachment not verified"
        ),
        errors.StorageUnavailable: ProblemType(
            503, "attachment-storage-unavailable", "Attachment storage unavailable"
        ),
        errors.TooManyAttachments: ProblemType(422, "too-many-attachments", "Too many attachments"),
    },
)
DomainRoute = CATALOG.route_class
raises = CATALOG.responses
