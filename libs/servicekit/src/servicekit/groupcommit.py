"""Group commit: concurrent appends of one process share one transaction.

Every append must write the global position counter, so appends serialize on
it. Instead of queueing them one transaction each, the committer takes every
append waiting at that moment (up to ``max_batch``) into one transaction; each
is still checked against its own expected versions and fails alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from collab_events import CloudEvent


@dataclass
class PendingAppend:
    """One caller's append waiting for the next group commit."""

    appends: Sequence[Any]  # StreamAppend; typed loosely to avoid an import cycle
    envelopes: list[CloudEvent]
    done: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    def settle(self, error: BaseException | None) -> None:
        """Wake the caller with success or ``error`` (once)."""
        if self.done.done():
            return
        if error is None:
            self.done.set_result(None)
        else:
            self.done.set_exception(error)


CommitBatch = Callable[[list[PendingAppend]], Awaitable[None]]


class GroupCommitter:
    """Feeds waiting appends to ``commit_batch`` one batch at a time."""

    def __init__(self, commit_batch: CommitBatch, max_batch: int = 64) -> None:
        self._commit_batch, self.max_batch = commit_batch, max_batch
        self._queue: list[PendingAppend] = []
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, pending: PendingAppend) -> None:
        """Queue an append and wait until its batch committed (or it was refused)."""
        self._queue.append(pending)
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        await asyncio.shield(pending.done)

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch :]
            try:
                await self._commit_batch(batch)
            except BaseException as exc:  # every caller must be woken, whatever happened
                for pending in batch:
                    pending.settle(exc if isinstance(exc, Exception) else RuntimeError(exc))
                if not isinstance(exc, Exception):
                    raise
            for pending in batch:  # a commit path that forgot one must not hang it
                pending.settle(RuntimeError("append was not settled"))
