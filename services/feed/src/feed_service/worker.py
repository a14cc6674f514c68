"""Worker task: delete uploads that no live post holds once they are older than the expiry."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from servicekit.service import ServiceRuntime

from feed_service.handlers.ports import Ports
from feed_service.projections.names import POSTS
from feed_service.storage import AttachmentStore, preview_key

log = logging.getLogger(__name__)


async def sweep_once(
    files: AttachmentStore, runtime: ServiceRuntime, now: datetime | None = None
) -> int:
    """One pass: expired uploads not held by a live post are deleted; how many."""
    removed = 0
    for key in await files.expired_uploads(now or datetime.now(UTC)):
        attachment_id = key.rsplit("/", 1)[-1]
        query = {"attachments.attachment_id": attachment_id, "deleted": False}
        if await runtime.models[POSTS].find_one(query, {"_id": 1}) is None:
            await files.delete(key, preview_key(attachment_id))
            removed += 1
    return removed


def sweeper(interval_s: float):  # type: ignore[no-untyped-def]
    """The worker task running ``sweep_once`` every ``interval_s`` until stopped."""

    async def sweep_uploads(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
        ports: Ports = runtime.ports
        while ports.attachments is not None and not stop.is_set():
            try:
                removed = await sweep_once(ports.attachments, runtime)
                if removed:
                    log.info("deleted %d expired uploads", removed)
            except Exception:  # the store may be down: try again next interval
                log.exception("upload sweep failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval_s)

    return sweep_uploads
