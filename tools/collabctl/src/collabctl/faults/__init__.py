"""Fault injection: kill -9 of a service, a worker, MongoDB or Kafka under recorded load.

One implementation for ``collabctl faults`` and ``tests/faults``: ``stack`` starts the
servers and services as processes, ``load`` writes and records every acknowledgement
in a ``ledger``, ``scenarios`` kills and restarts, ``checks`` compares the read APIs
with the ledger, ``rebuilt`` compares every read model with a rebuild, ``report``
prints the figures.
"""

from __future__ import annotations

from collabctl.faults.command import faults
from collabctl.faults.report import table
from collabctl.faults.run import ScenarioResult, run_scenario
from collabctl.faults.scenarios import DEFAULT_SCENARIOS, SCENARIOS, RunOptions, Scenario

__all__ = [
    "DEFAULT_SCENARIOS",
    "SCENARIOS",
    "RunOptions",
    "Scenario",
    "ScenarioResult",
    "faults",
    "run_scenario",
    "table",
]
