"""The fault scenarios: which process is killed with SIGKILL, and the knobs of a run."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from collabctl.faults.procs import Restartable


@dataclass(frozen=True, slots=True)
class Scenario:
    """One crash: ``target`` names a process of the ``FaultStack``."""

    name: str
    target: str
    split_group: bool
    what: str


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario("group-all", "group", False, "kill -9 of the group service running `all`"),
        Scenario(
            "group-worker",
            "group-worker",
            True,
            "kill -9 of a group `worker` while a separate `api` process serves",
        ),
        Scenario("mongo", "mongo", False, "kill -9 of the MongoDB server (SecantusDB)"),
        Scenario("kafka", "kafka", False, "kill -9 of the Kafka broker (its S3 store stays up)"),
    )
}


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How long and how hard one scenario runs, and how long it may take to converge."""

    seconds: float = 15.0  # of load; the kill comes at ``fault_at`` of it
    rate: float = 15.0  # writes per second
    employees: int = 100  # provisioned over SCIM first
    fault_at: float = 0.4
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


async def inject(proc: Restartable, options: RunOptions) -> FaultWindow:
    """Wait until the fault is due, SIGKILL ``proc``, restart it after ``down_s``."""
    await asyncio.sleep(options.seconds * options.fault_at)
    killed_at = time.monotonic()
    await asyncio.to_thread(proc.kill)
    await asyncio.sleep(options.down_s)
    await asyncio.to_thread(proc.restart)
    return FaultWindow(killed_at, time.monotonic())
