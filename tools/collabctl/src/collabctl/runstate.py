"""Pid files and ``stack.json`` of the local stack; stale entries are cleaned on read."""

from __future__ import annotations

import json
from pathlib import Path

from collab_events.topics import SERVICES
from servicekit.processes import environ_of, pid_alive

# Every process the stack starts carries this variable; a live pid without it (the
# pid was reused after a reboot) is not ours and must never be signalled.
MARKER_ENV = "COLLABCTL_STACK"

# Start order; processes are stopped in reverse. "bucket" is the LocalBucket of older
# stacks: a pid file of one still running is stopped last, like the store it was.
START_ORDER = ("bucket", "s3", "kafka", "mongo", *SERVICES, "idp", "gateway")


def marker_env(local: Path) -> dict[str, str]:
    """The environment entry that marks a process as started by this stack."""
    return {MARKER_ENV: str(local)}


def write_pid(run_dir: Path, name: str, pid: int) -> None:
    """Record ``pid`` in ``<run_dir>/<name>.pid``."""
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / f"{name}.pid").write_text(f"{pid}\n")


def remove_pid(run_dir: Path, name: str, pid: int | None = None) -> None:
    """Forget the pid file of ``name`` (only if it still holds ``pid``, when given)."""
    path = run_dir / f"{name}.pid"
    if pid is None or read_pids(run_dir).get(name) == pid:
        path.unlink(missing_ok=True)


def live_processes(local: Path) -> dict[str, int]:
    """Name -> pid of our live processes in start order; removes stale pid files."""
    run_dir, live = local / "run", {}
    for name, pid in read_pids(run_dir).items():
        if pid is not None and is_ours(pid, local):
            live[name] = pid
        else:
            remove_pid(run_dir, name)
    return live


def stop_order(names: list[str]) -> list[str]:
    """Names in reverse start order (unknown names first)."""
    return sorted(names, key=_start_rank, reverse=True)


def save_state(run_dir: Path, endpoints: dict[str, tuple[int, str]]) -> None:
    """Write name -> (port, address) of the stack being started to ``stack.json``."""
    run_dir.mkdir(parents=True, exist_ok=True)
    state = {
        name: {"port": port, "address": address} for name, (port, address) in endpoints.items()
    }
    (run_dir / "stack.json").write_text(json.dumps(state, indent=2) + "\n")


def load_state(run_dir: Path) -> dict[str, tuple[int, str]]:
    """Name -> (port, address) from ``stack.json`` ({} when the stack never ran)."""
    try:
        raw = json.loads((run_dir / "stack.json").read_text())
    except FileNotFoundError:
        return {}
    return {name: (int(v["port"]), str(v["address"])) for name, v in raw.items()}


def read_pids(run_dir: Path) -> dict[str, int | None]:
    """Name -> pid (None when unreadable) of every pid file, in start order."""
    pids: dict[str, int | None] = {}
    for path in sorted(run_dir.glob("*.pid")):
        text = path.read_text().strip()
        pids[path.stem] = int(text) if text.isdigit() else None
    return {name: pids[name] for name in sorted(pids, key=_start_rank)}


def _start_rank(name: str) -> int:
    return START_ORDER.index(name) if name in START_ORDER else len(START_ORDER)


def is_ours(pid: int, local: Path) -> bool:
    """True when ``pid`` runs and was started by the stack living in ``local``."""
    if not pid_alive(pid):
        return False
    environ = environ_of(pid)
    return environ is None or environ.get(MARKER_ENV) == str(local)
