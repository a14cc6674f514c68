"""The figures of one ``kafka-read`` size, each referred to the same figure at the first size."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from collabctl.bench.ceilings import BATCH
from collabctl.bench.growth import FETCH_MAX_WAIT_MS, PROBE_TIMEOUT_S, GroupRead, TailProbe
from collabctl.bench.report import Figure, Report, percentile
from collabctl.bench.workload import per_second


@dataclass(frozen=True, slots=True)
class Produced:
    """What one step added to the topic."""

    count: int
    seconds: float
    batch_bytes: int


def step_figures(label: str, produced: Produced, read: GroupRead, tail: TailProbe) -> list[Figure]:
    """Produce rate, group join and read, tail ack and e2e latency at size ``label``."""
    fill_note = (
        f"{produced.count} more events in batches of {BATCH}, acks=all, "
        f"{produced.batch_bytes} B record batches"
    )
    return [
        Figure(
            f"produce @{label}",
            per_second(produced.count, produced.seconds),
            "ev/s",
            note=fill_note,
        ),
        Figure(f"group join @{label}", read.join_s, "s"),
        Figure(f"group read @{label}", _rate(read), "ev/s", note=_read_note(read)),
        *_latencies(f"tail ack @{label}", tail.acks),
        *_latencies(f"tail e2e @{label}", tail.e2e, _tail_note(tail)),
    ]


def against_first_size(report: Report, figures: list[Figure], label: str) -> list[Figure]:
    """``figures`` (of size ``label``) referred to the same figures at the report's first size."""
    first = _first_label(report)
    if first is None:
        return figures
    return [
        Figure(
            f.name,
            f.value,
            f.unit,
            report.ceiling(f.name.replace(f"@{label}", f"@{first}")),
            f.note,
        )
        for f in figures
    ]


def size_label(size: int) -> str:
    """1000 -> '1k', 100000 -> '100k', 1500 -> '1500'."""
    return f"{size // 1000}k" if size % 1000 == 0 and size >= 1000 else str(size)


def _first_label(report: Report) -> str | None:
    for figure in report.figures:
        if figure.name.startswith("group read @"):
            return figure.name.removeprefix("group read @")
    return None


def _latencies(name: str, seconds: Sequence[float], note: str = "") -> list[Figure]:
    ordered = sorted(seconds)
    return [
        Figure(f"{name} {pct}", percentile(ordered, value) * 1000, "ms", note=note * (pct == "p50"))
        for pct, value in (("p50", 50.0), ("p95", 95.0))
    ]


def _tail_note(tail: TailProbe) -> str:
    note = f"{len(tail.e2e)} single records, fetch max wait {FETCH_MAX_WAIT_MS} ms"
    if tail.timed_out:
        note += f"; TIMED OUT: the last one took over {PROBE_TIMEOUT_S:.0f} s"
    return note


def _rate(read: GroupRead) -> float:
    return per_second(read.count, read.read_s)


def _read_note(read: GroupRead) -> str:
    note = f"fresh group, batches of {BATCH}, commit after each; join {read.join_s:.2f} s"
    if read.count < read.expected:
        note += f"; TIMED OUT: read {read.count} of {read.expected}"
    return note
