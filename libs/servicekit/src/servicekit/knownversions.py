"""What a store has seen of its streams' versions, so an append need not read them again.

A stream's version only grows, so any version seen (by a load, a version read or an
append of this store) is a lower bound. An append at ``expected_version`` whose
stream is known to be at least there needs no read: inserting version
``expected + 1`` either succeeds - the stream was exactly at ``expected`` - or meets
the ``(subject, streamversion)`` unique index because the stream moved on, which
is a concurrency conflict. A new stream (``expected == 0``) is always known.

A bound is only as good as the server that showed it: a server restart can lose
writes that were visible but not yet durable (``servicekit.durability``), so the
bounds are dropped whenever the server process changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MAX_KNOWN = 200_000  # streams remembered; past it the store starts over (reads are correct too)


class KnownVersions:
    """Lower bounds of stream versions, valid for one MongoDB server process."""

    def __init__(self) -> None:
        self._bounds: dict[str, int] = {}
        self._process: Any = None

    def on_process(self, process: Any) -> None:
        """Forget every bound when the server process is not the one that showed them."""
        if process != self._process or process is None:
            self._bounds.clear()
            self._process = process

    def note(self, subject: str, version: int) -> None:
        """The stream was seen at ``version`` (or later)."""
        if len(self._bounds) >= MAX_KNOWN:
            self._bounds.clear()
        if version > self._bounds.get(subject, 0):
            self._bounds[subject] = version

    def at_least(self, subject: str) -> int:
        """The highest version the stream is known to have reached (0: nothing known)."""
        return self._bounds.get(subject, 0)

    def forget(self, subjects: Iterable[str]) -> None:
        """Drop the bounds of streams another writer moved (after a conflict)."""
        for subject in subjects:
            self._bounds.pop(subject, None)
