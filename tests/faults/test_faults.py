"""Crash safety under load: kill -9 of a service, a worker, MongoDB or Kafka, then restart.

Each scenario starts its own persistent servers and service processes, provisions
employees over SCIM, creates groups and joins them (a tenth of the requests sent
twice at once), kills one process in the middle and restarts it with its own
command line and environment. Afterwards every acknowledged write must show in the
read APIs exactly once within a bounded time, and every read model must equal a
rebuild. The scenario code is ``collabctl.faults``, the same as ``collabctl faults``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from collabctl.faults import DEFAULT_SCENARIOS, SCENARIOS, RunOptions, ScenarioResult, run_scenario

pytestmark = [pytest.mark.faults, pytest.mark.integration, pytest.mark.timeout(240)]
log = logging.getLogger(__name__)
# 12 s of load at 15 writes/s with the kill after 40% of it: about 180 writes per
# scenario, about 45 s per scenario on two cores including start-up and the rebuild.
OPTIONS = RunOptions(seconds=12.0, rate=15.0, employees=100, converge_timeout_s=90.0)


@pytest.mark.parametrize("name", DEFAULT_SCENARIOS)
async def test_every_acknowledged_write_survives_a_kill(
    name: str, tmp_path: Path, fault_results: list[ScenarioResult]
) -> None:
    result = await run_scenario(SCENARIOS[name], OPTIONS, tmp_path, log.info)
    fault_results.append(result)
    assert result.acknowledged > OPTIONS.seconds * OPTIONS.rate / 3, "the load hardly got through"
    assert result.converge_s is not None, f"never converged: {result.examples}"
    assert result.lost == 0, result.examples
    assert result.duplicated == 0 and result.phantom == 0, result.examples
    assert result.rejected == 0, "unexpected 4xx answers"
    assert result.dead_letters == 0
    assert result.rebuild_differences == []
