"""What the load client was told: acknowledged writes, attempts and failed requests."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Failure:
    """One request that got no answer, or a 5xx (``kind``: ``5xx`` or ``connection``)."""

    at: float  # time.monotonic()
    kind: str


@dataclass(frozen=True, slots=True)
class Ack:
    """One acknowledged write: ``group`` (created, ``employee_id`` its owner) or ``join``."""

    kind: str
    group_id: str
    employee_id: str


@dataclass
class Ledger:
    """Every acknowledged write and what it implies, plus every attempt and failure.

    A write is acknowledged when the client got a 2xx for it (either copy of a request
    sent twice, or a retry with the same Idempotency-Key). Attempts that never got one
    may or may not have been stored: they are allowed to show up, nothing else is.
    """

    groups: dict[str, str] = field(default_factory=dict)  # acknowledged group -> owner
    members: dict[str, set[str]] = field(default_factory=dict)  # group -> acknowledged joiners
    attempted: dict[str, set[str]] = field(default_factory=dict)  # group -> joins sent
    acks: list[Ack] = field(default_factory=list)
    sent_twice: int = 0
    unanswered: int = 0  # writes that never got a 2xx, even after retries
    rejected: Counter[int] = field(default_factory=Counter)  # unexpected 4xx by status
    failures: list[Failure] = field(default_factory=list)
    acked: asyncio.Event = field(default_factory=asyncio.Event)  # set on every acknowledgement

    def fail(self, kind: str) -> None:
        """Record a 5xx or a request without an answer, now."""
        self.failures.append(Failure(time.monotonic(), kind))

    def group_created(self, group_id: str, owner: str) -> None:
        """An acknowledged creation: the group exists and its owner is a member."""
        self.acks.append(Ack("group", group_id, owner))
        self.acked.set()
        self.groups[group_id] = owner
        self.members.setdefault(group_id, set())

    def join_sent(self, group_id: str, employee_id: str) -> None:
        """A join was sent (whatever its outcome)."""
        self.attempted.setdefault(group_id, set()).add(employee_id)

    def joined(self, group_id: str, employee_id: str) -> None:
        """An acknowledged join: the employee is a member of the group."""
        self.acks.append(Ack("join", group_id, employee_id))
        self.acked.set()
        self.members.setdefault(group_id, set()).add(employee_id)

    def expected_members(self, group_id: str) -> set[str]:
        """Members the read side must show: the owner and every acknowledged joiner."""
        return {self.groups[group_id], *self.members.get(group_id, ())}

    def allowed_members(self, group_id: str) -> set[str]:
        """Members the read side may show: the expected ones and unanswered joins."""
        return self.expected_members(group_id) | self.attempted.get(group_id, set())

    def memberships_of(self) -> dict[str, set[str]]:
        """Employee -> groups they must be listed in."""
        out: dict[str, set[str]] = {}
        for group_id in self.groups:
            for employee_id in self.expected_members(group_id):
                out.setdefault(employee_id, set()).add(group_id)
        return out

    def failures_within(self, windows: list[tuple[float, float]]) -> Counter[str]:
        """Failures by kind that fall into any of the (start, end) windows, each once."""
        return Counter(
            f.kind for f in self.failures if any(start <= f.at <= end for start, end in windows)
        )
