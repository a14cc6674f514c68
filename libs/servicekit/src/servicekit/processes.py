"""Child processes we start and stop ourselves, always by PID, never by name."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_POLL_S = 0.05

# Handles of children deliberately left running (see ``ServerProcess.detach``); holding
# them keeps Popen from warning "still running" when a handle would be collected.
_detached: list[subprocess.Popen[bytes]] = []


@dataclass
class ServerProcess:
    """A server we started: a session leader whose output goes to ``log_path``."""

    name: str
    pid: int
    port: int
    log_path: Path
    # Kept so the Popen is not collected while the child runs (a ResourceWarning) and so
    # its exit status is collected through it.
    popen: subprocess.Popen[bytes] | None = field(default=None, repr=False, compare=False)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the process (SIGTERM, then SIGKILL of its group after ``timeout``)."""
        stop_pid(self.pid, timeout)
        self.alive()

    def alive(self) -> bool:
        """True while the process runs (a zombie counts as gone)."""
        if self.popen is not None:
            return self.popen.poll() is None
        return pid_alive(self.pid)

    def detach(self) -> None:
        """Leave the process running beyond this handle; it is later stopped by PID."""
        if self.popen is not None:
            _detached.append(self.popen)
            self.popen = None


def spawn(
    name: str,
    argv: Sequence[str],
    *,
    port: int,
    log_path: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> ServerProcess:
    """Start ``argv`` in its own session with stdout and stderr appended to ``log_path``."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        log.write(f"\n=== {time.strftime('%F %T')} start {' '.join(argv)}\n".encode())
        log.flush()
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            cwd=cwd,
            start_new_session=True,
        )
    return ServerProcess(name=name, pid=proc.pid, port=port, log_path=log_path, popen=proc)


def pid_alive(pid: int) -> bool:
    """True when ``pid`` runs; reaps it first if it is our exited child."""
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, but belongs to someone else
    return _proc_state(pid) not in {"Z", "X"}


def stop_pid(pid: int, timeout: float = 10.0) -> None:
    """SIGTERM ``pid``; after ``timeout`` SIGKILL it (its whole group if it leads one)."""
    if not pid_alive(pid):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if wait_gone(pid, timeout):
        return
    with contextlib.suppress(ProcessLookupError):
        if _leads_group(pid):
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    if not wait_gone(pid, 5.0):
        raise RuntimeError(f"process {pid} survived SIGKILL")


def wait_gone(pid: int, timeout: float) -> bool:
    """Wait up to ``timeout`` seconds for ``pid`` to exit; True when it did."""
    deadline = time.monotonic() + timeout
    while pid_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(_POLL_S)
    return True


def log_tail(path: Path, lines: int = 30) -> str:
    """The last ``lines`` lines of a log file ('' when it does not exist)."""
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def environ_of(pid: int) -> dict[str, str] | None:
    """The start-up environment of ``pid`` (None when unreadable, e.g. not Linux)."""
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return None
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, v in pairs}


def _leads_group(pid: int) -> bool:
    try:
        return os.getpgid(pid) == pid
    except ProcessLookupError:
        return False


def _proc_state(pid: int) -> str:
    """The one-letter state from /proc/<pid>/stat ('' when unavailable)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # The command name may contain spaces and parentheses: the state follows the last ')'.
    return stat.rsplit(")", 1)[-1].split()[0]
