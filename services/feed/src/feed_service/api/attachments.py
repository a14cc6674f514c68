"""Routes of attachments: an upload URL for a declared file, a post's file download URL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from collab_events.feed import MAX_ATTACHMENT_BYTES
from collab_events.ids import ID_PATTERN
from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from feed_service.api.deps import CONSISTENT, CurrentCaller, PortsDep, PostId, Reader
from feed_service.api.errors import DomainRoute, raises
from feed_service.domain.errors import AttachmentNotFound, AttachmentRejected, PostNotFound
from feed_service.handlers.attachments import request_upload
from feed_service.queries.attachments import download
from feed_service.queries.posts import readable_post
from feed_service.queries.views import AttachmentDownload

# The declarable types (domain.attachments.DECLARED_TYPES; a unit test keeps them equal).
DeclaredType = Literal[
    "application/pdf",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/zip",
    "image/gif",
    "image/jpeg",
    "image/png",
    "image/webp",
    "text/csv",
    "text/markdown",
    "text/plain",
]
FileName = Annotated[
    str, StringConstraints(min_length=1, max_length=255, pattern=r"^[^\x00-\x1f\x7f/\\]+$")
]
AttachmentId = Annotated[str, Path(pattern=ID_PATTERN, description="The attachment's id.")]

COMMAND_HEADERS = ("ETag", "Consistency-Token", "Location")


class UploadRoute(DomainRoute):  # type: ignore[misc,valid-type]
    """A POST that appends no event (it signs a URL): documented without command headers."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        for status, entry in self.responses.items():
            if str(status).startswith("2") and "headers" in entry:
                kept = {k: v for k, v in entry["headers"].items() if k not in COMMAND_HEADERS}
                entry["headers"] = kept


router = APIRouter(tags=["attachments"], route_class=DomainRoute)
uploads = APIRouter(tags=["attachments"], route_class=UploadRoute)


class NewAttachment(BaseModel):
    """Body of POST /v1/attachments: what the client is about to upload."""

    model_config = ConfigDict(extra="forbid")

    name: FileName
    size: int = Field(ge=1, le=MAX_ATTACHMENT_BYTES, description="Bytes (at most 25 MB).")
    content_type: DeclaredType


class UploadInstructions(BaseModel):
    """How to upload: PUT the bytes to ``url`` with exactly these headers before it expires."""

    url: str
    method: Literal["PUT"]
    headers: dict[str, str]
    expires_at: datetime


class UploadSlotView(BaseModel):
    """A new attachment: reference ``id`` in a post once the bytes are uploaded."""

    id: str
    upload: UploadInstructions


@uploads.post("/v1/attachments", status_code=201, responses=raises(AttachmentRejected))
async def create_attachment(
    body: NewAttachment, caller: CurrentCaller, ports: PortsDep
) -> UploadSlotView:
    """An upload URL for one file (signed for its size, type and name; unused ones expire)."""
    if ports.attachments is None:
        raise AttachmentRejected("Attachments are not available.")
    slot = request_upload(
        ports.attachments, caller, name=body.name, size=body.size, content_type=body.content_type
    )
    upload = UploadInstructions(
        url=slot.upload.url,
        method="PUT",
        headers=slot.upload.headers,
        expires_at=slot.upload.expires_at,
    )
    return UploadSlotView(id=slot.attachment_id, upload=upload)


@router.get(
    "/v1/posts/{post_id}/attachments/{attachment_id}",
    dependencies=[CONSISTENT],
    responses=raises(PostNotFound, AttachmentNotFound),
)
async def read_attachment(
    post_id: PostId, attachment_id: AttachmentId, reader: Reader
) -> AttachmentDownload:
    """A short-lived download URL of a file of a post you may read."""
    post = await readable_post(reader, post_id)
    return download(post, attachment_id, reader.files)
