"""Collects each fault scenario's figures and prints them in pytest's terminal summary.

The README's test command runs pytest without ``-s``: the table goes through the
terminal reporter, so it shows up in the normal output.
"""

from __future__ import annotations

import pytest
from collabctl.faults import ScenarioResult, table

RESULTS = pytest.StashKey[list[ScenarioResult]]()


def pytest_configure(config: pytest.Config) -> None:
    """A place for the results of this session's scenarios."""
    config.stash[RESULTS] = []


@pytest.fixture
def fault_results(request: pytest.FixtureRequest) -> list[ScenarioResult]:
    """Append a scenario's result here to have it printed at the end of the run."""
    return request.config.stash[RESULTS]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the figures of every scenario that ran, passed or not."""
    results = terminalreporter.config.stash.get(RESULTS, [])
    if results:
        terminalreporter.section("fault scenarios (kill -9 under load)")
        for line in table(results):
            terminalreporter.write_line(line)
