"""Benchmark figures: each pipeline figure next to the raw ceiling it is compared with."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Ceiling:
    """A raw-client figure measured against the same servers in the same run."""

    name: str
    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured number; ``ceiling`` is None for the ceilings themselves."""

    name: str
    value: float
    unit: str
    ceiling: Ceiling | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """value / ceiling (for latencies: pipeline / raw floor, so above 1)."""
        if self.ceiling is None or self.ceiling.value <= 0:
            return None
        return self.value / self.ceiling.value


@dataclass
class Report:
    """Every figure of one run plus what it ran against."""

    figures: list[Figure] = field(default_factory=list)
    setup: dict[str, Any] = field(default_factory=dict)

    def add(self, *figures: Figure) -> None:
        """Append figures in the order they were measured."""
        self.figures.extend(figures)

    def ceiling(self, name: str) -> Ceiling:
        """A ceiling measured earlier in this run, by figure name."""
        for figure in self.figures:
            if figure.name == name and figure.ceiling is None:
                return Ceiling(figure.name, figure.value, figure.unit)
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        rows = [{**asdict(f), "ratio": f.ratio} for f in self.figures]
        return {"setup": self.setup, "figures": rows}

    def write_json(self, path: Path) -> None:
        """Write the figures as JSON to ``path``."""
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n")


def render_table(report: Report) -> str:
    """A fixed-width table: figure | value unit | ceiling | ratio."""
    header = ("figure", "value", "unit", "ceiling", "ratio")
    rows = [header, *(_row(f) for f in report.figures)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    notes = [f"  * {f.name}: {f.note}" for f in report.figures if f.note]
    return "\n".join(lines + (["", "notes:", *notes] if notes else []))


def _row(figure: Figure) -> tuple[str, str, str, str, str]:
    ceiling = figure.ceiling
    described = f"{ceiling.name} {_num(ceiling.value)} {ceiling.unit}" if ceiling else "(ceiling)"
    ratio = figure.ratio
    shown = "" if ratio is None else f"{ratio:.2f}" if ratio >= 0.1 else f"{ratio:.3f}"
    return (figure.name, _num(figure.value), figure.unit, described, shown)


def _num(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.1f}"


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending sequence (NaN when empty)."""
    if not sorted_values:
        return math.nan
    rank = max(math.ceil(pct / 100 * len(sorted_values)), 1)
    return sorted_values[rank - 1]


PERCENTILES = {"p50": 50.0, "p95": 95.0, "p99": 99.0, "max": 100.0}


def latency_figures(
    name: str,
    latencies_s: Sequence[float],
    floors: Report | None = None,
    floor_name: str = "",
    note: str = "",
) -> list[Figure]:
    """p50/p95/p99/max in ms; each compared with ``floor_name <pct>`` of ``floors`` if given."""
    ordered = sorted(latencies_s)
    return [
        Figure(
            f"{name} {label}",
            percentile(ordered, pct) * 1000,
            "ms",
            floors.ceiling(f"{floor_name} {label}") if floors else None,
            note if label == "p50" else "",
        )
        for label, pct in PERCENTILES.items()
    ]
