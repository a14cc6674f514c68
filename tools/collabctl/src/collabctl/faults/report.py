"""The table of fault-scenario figures, one row per scenario."""

from __future__ import annotations

from collections.abc import Sequence

from collabctl.faults.run import ScenarioResult

HEADER = (
    "scenario",
    "acked",
    "lost",
    "duplicated",
    "5xx in fault",
    "no answer in fault",
    "other failures",
    "restart s",
    "converge s",
    "rebuild",
    "result",
)


def row(result: ScenarioResult) -> tuple[str, ...]:
    """One scenario's figures as table cells."""
    converged = "never" if result.converge_s is None else f"{result.converge_s:.1f}"
    rebuild = (
        "equal" if not result.rebuild_differences else f"{len(result.rebuild_differences)} differ"
    )
    return (
        result.scenario,
        str(result.acknowledged),
        str(result.lost),
        str(result.duplicated + result.phantom),
        str(result.fault_5xx),
        str(result.fault_unanswered),
        str(result.other_failures),
        f"{result.restart_s:.1f}",
        converged,
        rebuild,
        "ok" if result.passed else "FAILED",
    )


def table(results: Sequence[ScenarioResult]) -> list[str]:
    """Aligned lines: a header and a row per scenario, then the details of any failure."""
    rows = [HEADER, *(row(r) for r in results)]
    widths = [max(len(cells[i]) for cells in rows) for i in range(len(HEADER))]
    lines = [
        "  ".join(
            c.rjust(w) if i else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )
        for cells in rows
    ]
    for result in results:
        lines += [f"  {result.scenario}: {detail}" for detail in details(result)]
    return lines


def details(result: ScenarioResult) -> list[str]:
    """What went wrong, briefly (nothing when the scenario passed)."""
    out = list(result.examples)
    if result.phantom:
        out.append(f"{result.phantom} member(s) listed that no one asked for")
    if result.rejected:
        out.append(f"{result.rejected} unexpected 4xx answer(s)")
    if result.dead_letters:
        out.append(f"{result.dead_letters} dead letter(s)")
    return out + result.rebuild_differences
