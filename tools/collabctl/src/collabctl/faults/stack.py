"""A throwaway local stack for fault scenarios: persistent servers, services as processes.

The servers are started by ``collabctl up``'s own launcher (S3 store, Tansu on it,
SecantusDB on disk, topics) in a temporary home on free ports, so a killed server
restarts on the same data. Services run as ``python -m <name>_service <role>`` with
the environment ``collabctl up`` gives them; ``split`` runs the group service as an
``api`` and a separate ``worker`` process.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from servicekit.embedded import HOST, free_port
from servicekit.readiness import http_answers, http_ready, kafka_ready, mongo_ready

from collabctl.faults.procs import Restartable
from collabctl.hooks import StackContext
from collabctl.launcher import Launcher, StackPorts
from collabctl.paths import StackPaths
from collabctl.runstate import marker_env
from collabctl.service_procs import service_env

STARTUP_S = 90.0


class FaultStack:
    """Servers and services of one scenario; every process is stopped by PID."""

    def __init__(
        self, home: Path, *, split_group: bool, report: Callable[[str], None] | None = None
    ) -> None:
        self.paths = StackPaths(home)
        self.split_group = split_group
        self.procs: dict[str, Restartable] = {}
        self.launcher = Launcher(self.paths, report=report or (lambda _line: None))
        self.ctx: StackContext | None = None

    def start(self) -> None:
        """Start servers, then the services, and wait until every one answers."""
        try:
            # Positional: kafka, mongo, then the S3 store (whichever server the launcher runs).
            ports = StackPorts(free_port(), free_port(), free_port())
            ctx = self.launcher.launch(ports, with_services=False)
            self._adopt_servers(ctx)
            roles = [("profile", "profile", "all")]
            roles += (
                [("group-api", "group", "api"), ("group-worker", "group", "worker")]
                if self.split_group
                else [("group", "group", "all")]
            )
            services = [self._service(ctx, *role) for role in roles]
            for proc in services:
                proc.spawn()
            for proc in services:  # started in parallel, so waiting in turn costs nothing
                proc.wait(STARTUP_S)
            self.ctx = replace(
                ctx, services={"profile": self.url("profile"), "group": self.url("group")}
            )
        except BaseException:
            self.stop()
            raise

    def url(self, name: str) -> str:
        """Base URL of a service (the group service's API process when split)."""
        proc = self.procs["group-api" if name == "group" and self.split_group else name]
        return f"http://{HOST}:{proc.port}"

    def stop(self) -> None:
        """Stop everything, newest first."""
        for proc in reversed(list(self.procs.values())):
            proc.stop()
        self.procs.clear()
        self.launcher.stop_all()  # whatever a failed launch left behind

    def _adopt_servers(self, ctx: StackContext) -> None:
        probes = {
            "kafka": lambda port: kafka_ready(HOST, port),
            "mongo": lambda _port: mongo_ready(ctx.mongo_url),
        }
        for server in self.launcher.started:
            probe = probes.get(server.name, lambda port: http_answers(f"http://{HOST}:{port}/"))
            self.procs[server.name] = Restartable.adopt(server, partial(probe, server.port))
        self.launcher.started.clear()  # ours now: stopped and restarted through self.procs

    def _service(self, ctx: StackContext, key: str, name: str, role: str) -> Restartable:
        port = free_port()
        env = {**marker_env(self.paths.local), **service_env(ctx, name)}
        env["COLLAB_HTTP_PORT"] = str(port)
        proc = Restartable(
            name=key,
            argv=[sys.executable, "-m", f"{name}_service", role],
            env=env,
            port=port,
            log_path=self.paths.logs / f"{key}-{port}.log",
            probe=partial(http_ready, f"http://{HOST}:{port}/health/live"),
        )
        self.procs[key] = proc
        return proc
