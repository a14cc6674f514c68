"""``collabctl faults``: the fault scenarios against servers it starts itself."""

from __future__ import annotations

import asyncio
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from collabctl.faults.report import table
from collabctl.faults.run import ScenarioResult, run_scenario
from collabctl.faults.scenarios import DEFAULT_SCENARIOS, SCENARIOS, RunOptions

_DEFAULTS = RunOptions()


def faults(
    scenario: Annotated[str, typer.Option(help=f"all, or one of: {', '.join(SCENARIOS)}.")] = "all",
    seconds: Annotated[
        float, typer.Option(min=2, max=600, help="Seconds of load per scenario.")
    ] = _DEFAULTS.seconds,
    rate: Annotated[
        float, typer.Option(min=1, max=200, help="Writes per second.")
    ] = _DEFAULTS.rate,
    employees: Annotated[
        int, typer.Option(min=2, max=5000, help="Employees provisioned over SCIM first.")
    ] = _DEFAULTS.employees,
    keep: Annotated[bool, typer.Option(help="Keep data and logs even when all pass.")] = False,
) -> None:
    """Kill -9 a service, a worker, MongoDB or Kafka under load; check every acknowledged write."""
    if scenario != "all" and scenario not in SCENARIOS:
        raise typer.BadParameter(f"unknown scenario {scenario!r}", param_hint="--scenario")
    names = list(DEFAULT_SCENARIOS) if scenario == "all" else [scenario]
    options = RunOptions(seconds=seconds, rate=rate, employees=employees)
    workdir = Path(tempfile.mkdtemp(prefix="collab-faults-"))
    with _sigterm_interrupts():
        results = asyncio.run(_run_all(names, options, workdir))
    for line in table(results):
        typer.echo(line)
    if keep or not all(r.passed for r in results):
        typer.echo(f"data and logs: {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    if not all(r.passed for r in results):
        raise typer.Exit(1)


async def _run_all(names: list[str], options: RunOptions, workdir: Path) -> list[ScenarioResult]:
    """Each scenario on its own fresh stack, one after the other."""
    results = []
    for name in names:
        typer.echo(f"== {name}: {SCENARIOS[name].what}")
        results.append(await run_scenario(SCENARIOS[name], options, workdir / name, typer.echo))
    return results


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Within the block, SIGTERM acts like Ctrl-C, so every started process is stopped."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
