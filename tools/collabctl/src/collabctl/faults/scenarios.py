"""The fault scenarios: which process is killed with SIGKILL, and the knobs of a run."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from collabctl.faults.procs import Restartable


@dataclass(frozen=True, slots=True)
class Scenario:
    """Crashes under one load: each of ``targets`` (processes of the ``FaultStack``) in turn."""

    name: str
    targets: tuple[str, ...]
    split_group: bool
    what: str


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario("group-all", ("group",), False, "kill -9 of the group service running `all`"),
        Scenario(
            "group-worker",
            ("group-worker",),
            True,
            "kill -9 of a group `worker` while a separate `api` process serves",
        ),
        # Twice: a kill loses what SecantusDB acknowledged in its last ~20 ms, so one kill
        # meets an acknowledged write in that window only about every other run.
        Scenario(
            "mongo", ("mongo", "mongo"), False, "kill -9 of the MongoDB server (SecantusDB), twice"
        ),
        Scenario("kafka", ("kafka",), False, "kill -9 of the Kafka broker (its S3 store stays up)"),
        Scenario(
            "mixed",
            ("group", "mongo", "group"),
            False,
            "the group service killed twice and MongoDB once (the original finding)",
        ),
    )
}
ACK_WAIT_S = 2.0
# What ``--scenario all`` and the test suite run; ``mixed`` is longer, run it by name.
DEFAULT_SCENARIOS = ("group-all", "group-worker", "mongo", "kafka")


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How long and how hard one scenario runs, and how long it may take to converge."""

    seconds: float = 15.0  # of load; the kills are spread evenly over it
    rate: float = 15.0  # writes per second
    employees: int = 100  # provisioned over SCIM first
    down_s: float = 1.5  # between the kill and the restart
    converge_timeout_s: float = 90.0
    grace_s: float = 5.0  # after the restart, still counted as the fault window


@dataclass(frozen=True, slots=True)
class FaultWindow:
    """When the process was killed and when its restart answered its probe (monotonic)."""

    killed_at: float
    ready_at: float

    @property
    def restart_s(self) -> float:
        """Seconds from the kill until the restarted process answered."""
        return self.ready_at - self.killed_at


async def inject(
    procs: Mapping[str, Restartable],
    targets: Sequence[str],
    options: RunOptions,
    acked: asyncio.Event,
) -> list[FaultWindow]:
    """Kill each target in turn, spread evenly over the load; restart each after ``down_s``.

    Each kill comes right after an acknowledgement (``acked``), the harshest moment: the
    write was just answered and its effects are still on their way.
    """
    started, windows = time.monotonic(), []
    for i, target in enumerate(targets):
        due = started + options.seconds * (i + 1) / (len(targets) + 1)
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        acked.clear()
        with contextlib.suppress(TimeoutError):  # no acknowledgement at all: kill anyway
            await asyncio.wait_for(acked.wait(), timeout=ACK_WAIT_S)
        windows.append(await crash(procs[target], options.down_s))
    return windows


async def crash(proc: Restartable, down_s: float) -> FaultWindow:
    """SIGKILL ``proc``, wait ``down_s``, start it again with its own argv and env."""
    killed_at = time.monotonic()
    await asyncio.to_thread(proc.reap, proc.kill())
    await asyncio.sleep(down_s)
    await asyncio.to_thread(proc.restart)
    return FaultWindow(killed_at, time.monotonic())
