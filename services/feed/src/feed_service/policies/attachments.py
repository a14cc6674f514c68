"""On ``PostDeleted`` (by anyone, also an erasure): delete the post's files and previews.

Deleting a missing object succeeds, so a redelivered event changes nothing. Files an edit
dropped are left to the upload sweep (``worker.sweep_uploads``), which keeps only files
that a live post holds.
"""

from __future__ import annotations

from typing import Any

from collab_events.feed import PostDeleted
from servicekit.policy import Policy, PolicyContext

from feed_service.handlers.attachments import remove

ATTACHMENTS = Policy(name="attachments", sources=("feed",))


@ATTACHMENTS.on(PostDeleted)
async def delete_files_of_post(event: PostDeleted, ctx: PolicyContext[Any]) -> None:
    """The deleted post's files go with it."""
    files = ctx.ports.attachments
    if files is not None and event.attachments:
        await remove(files, event.author_id, event.attachments)
