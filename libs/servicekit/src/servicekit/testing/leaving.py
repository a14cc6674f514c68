"""Stop what a folder's tests started as soon as its last test is done.

A session-scoped fixture lives until the whole session ends; a stack of servers that only
one folder's tests use would otherwise share the cores with every later test. The fixture
registers its stop with ``stop_when_leaving(folder, stop)`` and the folder's conftest
calls ``leave_if_done(folder, nextitem)`` from ``pytest_runtest_teardown``. A stop must be
safe to call again: the fixture's own teardown still runs at the end of the session.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

_STOPS: dict[Path, list[Callable[[], None]]] = {}


def stop_when_leaving(folder: Path, stop: Callable[[], None]) -> None:
    """Run ``stop`` once the run leaves ``folder`` (its tests are all done)."""
    _STOPS.setdefault(folder.resolve(), []).append(stop)


def leave_if_done(folder: Path, nextitem: pytest.Item | None) -> None:
    """Stop what ``folder``'s tests started when the next test is elsewhere (or none)."""
    here = folder.resolve()
    if nextitem is not None and here in Path(nextitem.path).resolve().parents:
        return
    stops = _STOPS.pop(here, [])
    while stops:
        stops.pop()()
