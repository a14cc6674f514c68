"""Run one fault scenario end to end and say what happened to the acknowledged writes."""

from __future__ import annotations

import asyncio
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from servicekit.service import ServiceDefinition
from servicekit.settings import ServiceSettings

from collabctl.faults.checks import Findings, judge, read_views
from collabctl.faults.ledger import Ledger
from collabctl.faults.load import LoadClient, LoadPlan
from collabctl.faults.provision import provision
from collabctl.faults.rebuilt import dead_letters, rebuild_differences, settle
from collabctl.faults.scenarios import RunOptions, Scenario, inject
from collabctl.faults.stack import FaultStack
from collabctl.faults.tokens import Tokens

Report = Callable[[str], None]
POLL_S = 0.5


@dataclass
class ScenarioResult:
    """The figures of one scenario (``converge_s`` is None when it never converged)."""

    scenario: str
    acknowledged: int
    lost: int
    duplicated: int
    phantom: int
    fault_5xx: int
    fault_unanswered: int  # connection errors and timeouts during the fault window
    other_failures: int  # 5xx or no answer outside the fault window
    rejected: int  # unexpected 4xx
    dead_letters: int
    restart_s: float
    converge_s: float | None
    rebuild_differences: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Every acknowledged write visible once, read models equal to a rebuild."""
        return (
            self.converge_s is not None
            and not (self.lost or self.duplicated or self.phantom or self.rejected)
            and not (self.dead_letters or self.rebuild_differences)
        )


async def run_scenario(
    scenario: Scenario, options: RunOptions, workdir: Path, report: Report
) -> ScenarioResult:
    """Start a fresh stack in ``workdir``, load it, crash each target, verify."""
    stack = FaultStack(workdir, split_group=scenario.split_group)
    await asyncio.to_thread(stack.start)
    try:
        return await _exercise(stack, scenario, options, report)
    finally:
        await asyncio.to_thread(stack.stop)


async def _exercise(
    stack: FaultStack, scenario: Scenario, options: RunOptions, report: Report
) -> ScenarioResult:
    assert stack.ctx is not None
    tokens, ledger = Tokens(stack.ctx.private_key.read_text()), Ledger()
    employees = await provision(stack.url("profile"), options.employees, tokens)
    report(f"{scenario.name}: {len(employees)} employees provisioned; load for {options.seconds}s")
    async with httpx.AsyncClient(base_url=stack.url("group"), timeout=10.0) as http:
        faults = asyncio.create_task(inject(stack.procs, scenario.targets, options, ledger.acked))
        await LoadClient(http, employees, tokens, ledger).run(
            LoadPlan(options.seconds, options.rate)
        )
        windows = await faults
        for target, window in zip(scenario.targets, windows, strict=True):
            report(f"{scenario.name}: {target} restarted in {window.restart_s:.1f}s")
        converge_s, findings = await _converge(http, ledger, tokens, options.converge_timeout_s)
    report(
        f"{scenario.name}: read APIs "
        + (f"converged in {converge_s:.1f}s" if converge_s else "never converged")
    )
    settings, definition = group_service(stack)
    started = time.monotonic()
    differences = await _rebuild_check(settings, definition, options.converge_timeout_s)
    report(f"{scenario.name}: settled, rebuilt and compared in {time.monotonic() - started:.1f}s")
    failures = ledger.failures_within(
        [(w.killed_at, w.ready_at + options.grace_s) for w in windows]
    )
    return ScenarioResult(
        scenario=scenario.name,
        acknowledged=len(ledger.acks),
        lost=len(findings.lost),
        duplicated=len(findings.duplicated),
        phantom=len(findings.phantom),
        fault_5xx=failures["5xx"],
        fault_unanswered=failures["connection"],
        other_failures=len(ledger.failures) - failures.total(),
        rejected=ledger.rejected.total(),
        dead_letters=await dead_letters(settings),
        restart_s=max(w.restart_s for w in windows),
        converge_s=converge_s,
        rebuild_differences=differences,
        examples=(findings.lost + findings.duplicated + findings.phantom)[:5],
    )


async def _rebuild_check(
    settings: ServiceSettings, definition: ServiceDefinition, timeout_s: float
) -> list[str]:
    """Differences between the live read models and a rebuild (after settling)."""
    try:
        await settle(settings, definition, timeout_s)
    except TimeoutError as exc:
        return [str(exc)]
    return await rebuild_differences(settings, definition, timeout_s)


async def _converge(
    http: httpx.AsyncClient, ledger: Ledger, tokens: Tokens, timeout_s: float
) -> tuple[float | None, Findings]:
    """Read until the views are clean; (seconds it took, or None, and the last findings)."""
    started = time.monotonic()
    findings = Findings(["never read"], [], [])
    while time.monotonic() - started < timeout_s:
        try:
            findings = judge(ledger, await read_views(http, ledger, tokens))
        except httpx.HTTPError as exc:  # a read that failed is no finding: read again
            findings = Findings([f"reads failed: {exc!r}"], [], [])
        if findings.clean:
            return time.monotonic() - started, findings
        await asyncio.sleep(POLL_S)
    return None, findings


def group_service(stack: FaultStack) -> tuple[ServiceSettings, ServiceDefinition]:
    """The group service's definition and the settings its processes run with."""
    env = stack.procs["group-worker" if stack.split_group else "group"].env
    config = importlib.import_module("group_service.config")
    app = importlib.import_module("group_service.app")
    values = {
        k.removeprefix("COLLAB_").lower(): v for k, v in env.items() if k.startswith("COLLAB_")
    }
    return config.Settings(**values), app.definition()
