"""When did a stream version become visible in a projection? A change stream on its checkpoints."""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from types import TracebackType
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from collabctl.bench.workload import Doc, now


class Visibility:
    """Matches appended (subject, version) pairs with the checkpoint changes that cover them.

    The checkpoint of a subject only grows (the projector's guarded ``$set``), so a
    change to version v makes every version <= v of that subject visible.
    """

    def __init__(self, checkpoints: AsyncCollection[Doc]) -> None:
        self.checkpoints = checkpoints
        self.latencies: list[float] = []
        self._waiting: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
        self._seen: dict[str, tuple[int, float]] = {}
        self._opened, self._changed = asyncio.Event(), asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Visibility:
        self._task = asyncio.create_task(self._watch())
        opened = asyncio.create_task(self._opened.wait())
        await asyncio.wait([opened, self._task], return_when=asyncio.FIRST_COMPLETED)
        if self._task.done():
            opened.cancel()
            self._task.result()  # the change stream could not be opened: raise why
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @property
    def pending(self) -> int:
        """Appended versions not seen in the projection yet."""
        return sum(len(versions) for versions in self._waiting.values())

    def expect(self, subject: str, version: int, returned_at: float) -> None:
        """Record that ``append`` of ``subject``@``version`` returned at ``returned_at``."""
        seen_version, seen_at = self._seen.get(subject, (0, 0.0))
        if seen_version >= version:  # projected before append returned to its caller
            self.latencies.append(max(seen_at - returned_at, 0.0))
        else:
            self._waiting[subject].append((version, returned_at))

    async def settled(self, timeout_s: float) -> None:
        """Wait until nothing is pending or ``timeout_s`` passed."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._drained(), timeout_s)

    async def _drained(self) -> None:
        while self.pending:
            self._changed.clear()
            await self._changed.wait()

    async def _watch(self) -> None:
        async with await self.checkpoints.watch() as stream:
            self._opened.set()
            async for change in stream:
                self._on_change(change, now())

    def _on_change(self, change: dict[str, Any], at: float) -> None:
        fields = change.get("fullDocument") or change.get("updateDescription", {}).get(
            "updatedFields", {}
        )
        if "v" not in fields:
            return
        subject, version = change["documentKey"]["_id"], int(fields["v"])
        self._seen[subject] = (version, at)
        self._changed.set()
        waiting = self._waiting.get(subject, [])
        self.latencies.extend(at - returned for v, returned in waiting if v <= version)
        self._waiting[subject] = [(v, r) for v, r in waiting if v > version]
