"""Phase 5: end-to-end latency, append returned -> visible in the projection, at steady load."""

from __future__ import annotations

import asyncio
from collections import defaultdict

from servicekit.eventstore import EventStore
from servicekit.service import ServiceRuntime
from servicekit.testing.sample_api import sample_definition

from collabctl.bench.pipeline import APPENDERS
from collabctl.bench.report import Ceiling, Figure, Report, latency_figures
from collabctl.bench.roundtrip import ROUND_TRIP
from collabctl.bench.visibility import Visibility
from collabctl.bench.workload import BenchContext, Planned, now, paced

DRAIN_S = 30.0


async def e2e_latency(
    ctx: BenchContext, report: Report, *, rate: float, seconds: float, streams: int
) -> None:
    """Run the sample worker (relay + projector) and append at ``rate`` for ``seconds``."""
    definition = sample_definition()
    runtime = ServiceRuntime(ctx.settings("latency"), definition)
    await runtime.start("worker")
    try:
        checkpoints = runtime.models[definition.projections[0].checkpoint_collection]
        async with Visibility(checkpoints) as visible:
            load = SteadyAppends(runtime.store, visible, streams)
            await load.warm_up()
            await paced(rate, max(int(rate * seconds), 1), load.fire)
            await load.finish()
            await visible.settled(DRAIN_S)
    finally:
        await runtime.stop()
    note = "append returned -> checkpoint change seen; ServiceRuntime worker (relay + projector)"
    report.add(*latency_figures("e2e latency", visible.latencies, report, ROUND_TRIP, note))
    report.add(*_load_figures(load, visible, rate))


def _load_figures(load: SteadyAppends, visible: Visibility, rate: float) -> list[Figure]:
    offered = load.appended + load.dropped
    achieved = load.appended / max(load.last_return - load.first_fire, 1e-9)
    saturated = f"; {load.dropped} of {offered} not started in time (store saturated)"
    load_note = f"{APPENDERS} appends in flight at most{saturated if load.dropped else ''}"
    lost = f"{visible.pending} appended events not visible after {DRAIN_S:.0f} s"
    return [
        Figure("steady append rate", achieved, "ev/s", Ceiling("target", rate, "ev/s"), load_note),
        Figure(
            "e2e latency samples",
            len(visible.latencies),
            "events",
            Ceiling("appended", load.appended, "events"),
            lost,
        ),
    ]


class SteadyAppends:
    """One-event appends round-robin over ``streams`` streams, serialized per stream.

    Open loop, but bounded: at most APPENDERS appends run at once (more only
    multiply write conflicts on the position counter), and an append that has
    not started when the load period ends is dropped and counted, so a saturated
    store shows as a low achieved rate instead of an ever longer phase.
    """

    def __init__(self, store: EventStore, visible: Visibility, streams: int) -> None:
        self.store, self.visible, self.streams = store, visible, streams
        self.versions: defaultdict[int, int] = defaultdict(int)
        self.locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.in_flight = asyncio.Semaphore(APPENDERS)
        self.tasks: list[asyncio.Task[None]] = []
        self.closed = False
        self.appended, self.dropped, self.first_fire, self.last_return = 0, 0, 0.0, 0.0

    async def warm_up(self) -> None:
        """One event through the whole path: relay woken, consumer group joined."""
        await self._append(self.streams)  # a stream outside the measured ones
        await self.visible.settled(60.0)
        self.visible.latencies.clear()
        self.appended = 0

    def fire(self, i: int) -> None:
        """Start the append of the ``i``-th event without waiting for it."""
        self.first_fire = self.first_fire or now()
        self.tasks.append(asyncio.create_task(self._append(i % self.streams)))

    async def finish(self) -> None:
        """Drop what has not started yet; wait for the rest (raises the first failure)."""
        self.closed = True
        await asyncio.gather(*self.tasks)

    async def _append(self, stream: int) -> None:
        async with self.locks[stream], self.in_flight:
            if self.closed:
                self.dropped += 1
                return
            p = Planned(stream, self.versions[stream] + 1)
            await self.store.append(p.subject, [p.event()], expected_version=p.version - 1)
            self.last_return = now()
            self.versions[stream] = p.version
            self.appended += 1
            self.visible.expect(p.subject, p.version, self.last_return)
