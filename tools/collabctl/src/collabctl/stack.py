"""``collabctl up | down | status``: the local stack on embedded servers."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Annotated

import typer
from servicekit.embedded import ServerProcess
from servicekit.processes import pid_alive, stop_pid
from servicekit.weedports import ports_of, remove_sockets

from collabctl.hooks import StackContext
from collabctl.launcher import Launcher, StackPorts
from collabctl.paths import stack_paths_or_exit
from collabctl.runstate import (
    is_ours,
    live_processes,
    load_state,
    read_pids,
    remove_pid,
    stop_order,
)
from collabctl.web_procs import sign_in_hint

_DEFAULTS = StackPorts()


def up(
    foreground: Annotated[
        bool, typer.Option("--foreground", help="Stay attached; Ctrl-C stops the stack.")
    ] = False,
    kafka_port: Annotated[int, typer.Option(help="Kafka (Tansu) port.")] = _DEFAULTS.kafka,
    mongo_port: Annotated[int, typer.Option(help="MongoDB (SecantusDB) port.")] = _DEFAULTS.mongo,
    s3_port: Annotated[
        int, typer.Option("--s3-port", "--bucket-port", help="S3 (SeaweedFS) port.")
    ] = _DEFAULTS.bucket,
    services: Annotated[
        bool, typer.Option("--services/--no-services", help="Start the installed services.")
    ] = True,
) -> None:
    """Start S3, Kafka, MongoDB, topics and every installed service (data in .local/)."""
    paths = stack_paths_or_exit()
    if running := live_processes(paths.local):
        names = ", ".join(f"{name} (pid {pid})" for name, pid in running.items())
        typer.echo(f"already running: {names}\n`collabctl down` stops it.")
        return
    launcher = Launcher(paths, report=typer.echo)
    with _sigterm_interrupts():  # a killed `up` still stops what it started
        ctx = _launch(launcher, StackPorts(kafka_port, mongo_port, s3_port), services)
        _print_summary(ctx, launcher.started)
        if foreground:
            _wait_in_foreground(launcher)
            return
    for server in launcher.started:
        server.detach()  # they outlive this command; `collabctl down` stops them by PID


def down() -> None:
    """Stop every process of the local stack by PID: services, then mongo, kafka, s3."""
    paths = stack_paths_or_exit()
    live = live_processes(paths.local)
    if not live:
        typer.echo("stack not running")
    for name in stop_order(list(live)):
        stop_pid(live[name])
        remove_pid(paths.run, name, live[name])
        typer.echo(f"stopped {name} (pid {live[name]})")
    if "s3" in live and not pid_alive(live["s3"]):
        remove_sockets([load_state(paths.run).get("s3", (0, ""))[0], *ports_of(paths.s3)])


def status() -> None:
    """Show each process of the local stack: pid, alive?, port."""
    paths = stack_paths_or_exit()
    pids, state = read_pids(paths.run), load_state(paths.run)
    if not pids:
        typer.echo(f"stack not running (no pid files in {paths.run})")
        return
    typer.echo(f"{'NAME':<14}{'PID':>8}  {'ALIVE':<6}{'PORT':>6}  ADDRESS")
    for name, pid in pids.items():
        alive = pid is not None and is_ours(pid, paths.local)
        port, address = state.get(name, (0, ""))
        typer.echo(f"{name:<14}{pid or '?':>8}  {'yes' if alive else 'no':<6}{port:>6}  {address}")


def _launch(launcher: Launcher, ports: StackPorts, with_services: bool) -> StackContext:
    """Start the stack; on any failure or interrupt, stop whatever was started."""
    try:
        return launcher.launch(ports, with_services=with_services)
    except BaseException as exc:
        launcher.stop_all()
        if not isinstance(exc, Exception):
            raise
        typer.echo(f"collabctl up failed: {exc}", err=True)
        raise typer.Exit(1) from exc


def _print_summary(ctx: StackContext, started: list[ServerProcess]) -> None:
    address = {"s3": ctx.bucket_url, "kafka": ctx.kafka_bootstrap, "mongo": ctx.mongo_url}
    address |= ctx.services
    typer.echo(f"{'NAME':<14}{'PID':>8}  ADDRESS")
    for server in started:
        typer.echo(f"{server.name:<14}{server.pid:>8}  {address.get(server.name, '')}")
    if not ctx.services:
        typer.echo("(no services installed yet)")
    typer.echo(f"data and logs: {ctx.paths.local}")
    if any(server.name == "gateway" for server in started):
        typer.echo(sign_in_hint())
    typer.echo("token:  collabctl token --sub e-1 --roles admin")
    typer.echo("stop:   collabctl down")


def _wait_in_foreground(launcher: Launcher) -> None:
    """Wait for Ctrl-C or SIGTERM (then stop the stack), or until every process is gone."""
    typer.echo("running in the foreground: Ctrl-C stops the stack")
    reported: set[str] = set()
    try:
        while any(server.alive() for server in launcher.started):
            for server in launcher.started:
                if server.name not in reported and not server.alive():
                    reported.add(server.name)
                    typer.echo(f"{server.name} (pid {server.pid}) exited; see {server.log_path}")
            time.sleep(0.5)
    except KeyboardInterrupt:
        typer.echo("stopping the stack")
    finally:
        launcher.stop_all()


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Within the block, SIGTERM raises KeyboardInterrupt (like Ctrl-C)."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
