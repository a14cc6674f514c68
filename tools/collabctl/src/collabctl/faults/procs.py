"""Processes a fault scenario kills with SIGKILL and starts again exactly as before.

A restart reuses the process's own command line, environment and working directory
(read from /proc for servers someone else started), as an operator restarting a
crashed server with its unit file would.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from servicekit.processes import ServerProcess, environ_of, spawn, wait_gone
from servicekit.readiness import wait_ready

Probe = Callable[[], bool]


@dataclass
class Restartable:
    """A process we may SIGKILL and restart with the same argv, env and cwd."""

    name: str
    argv: list[str]
    env: dict[str, str]
    port: int
    log_path: Path
    probe: Probe
    cwd: Path | None = None
    server: ServerProcess | None = field(default=None, repr=False)

    @classmethod
    def adopt(cls, server: ServerProcess, probe: Probe) -> Restartable:
        """Take over a running server: its argv, env and cwd come from /proc."""
        pid = server.pid
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")
        env = environ_of(pid)
        if env is None:
            raise RuntimeError(f"cannot read the environment of {server.name} (pid {pid})")
        cwd = Path(os.readlink(f"/proc/{pid}/cwd"))
        args = [a.decode() for a in argv]
        return cls(server.name, args, env, server.port, server.log_path, probe, cwd, server)

    @property
    def pid(self) -> int:
        """PID of the current incarnation."""
        if self.server is None:
            raise RuntimeError(f"{self.name} is not running")
        return self.server.pid

    def spawn(self) -> None:
        """Start the process (without waiting for it)."""
        self.server = spawn(
            self.name, self.argv, port=self.port, log_path=self.log_path, env=self.env, cwd=self.cwd
        )

    def wait(self, timeout: float = 60.0) -> None:
        """Wait until the probe answers (raises with the log tail if it does not)."""
        if self.server is None:
            raise RuntimeError(f"{self.name} was never started")
        wait_ready(self.server, self.probe, timeout)

    def start(self, timeout: float = 60.0) -> None:
        """Spawn the process and wait until its probe answers."""
        self.spawn()
        self.wait(timeout)

    def kill(self) -> int:
        """SIGKILL the process (no clean-up of any kind); returns its PID. Never blocks."""
        pid = self.pid
        os.kill(pid, signal.SIGKILL)
        return pid

    def reap(self, pid: int) -> None:
        """Wait until the killed process ``pid`` is gone."""
        if not wait_gone(pid, 5.0):
            raise RuntimeError(f"{self.name} (pid {pid}) survived SIGKILL")

    def restart(self, timeout: float = 60.0) -> float:
        """Start again after a kill; returns the seconds until the probe answered."""
        started = time.monotonic()
        self.start(timeout)
        return time.monotonic() - started

    def stop(self) -> None:
        """Stop the current incarnation by PID (SIGTERM, then SIGKILL)."""
        if self.server is not None:
            self.server.stop()
