"""Embedded Tansu and SecantusDB with throwaway storage, stopped by PID whatever happens."""

from __future__ import annotations

import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import FrameType

import typer
from servicekit.embedded import free_port, mongo_url_for, start_kafka, start_mongo


@contextmanager
def servers(kafka: str | None, mongo: str | None) -> Iterator[tuple[str, str]]:
    """(bootstrap, mongo URL): the given ones, else embedded servers on free ports."""
    log_dir = Path(tempfile.mkdtemp(prefix="collab-bench-"))
    with sigterm_interrupts(), ExitStack() as stack:
        if kafka is None:
            server = start_kafka(free_port(), log_dir=log_dir)  # memory:// storage
            stack.callback(server.stop)
            kafka = f"127.0.0.1:{server.port}"
        if mongo is None:
            server = start_mongo(free_port(), log_dir=log_dir, storage_path=":memory:")
            stack.callback(server.stop)
            mongo = mongo_url_for(server.port)
        try:
            yield kafka, mongo
        except BaseException:
            typer.echo(f"embedded server logs kept in {log_dir}", err=True)
            raise
    shutil.rmtree(log_dir, ignore_errors=True)


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C, so the servers are stopped on either."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may install signal handlers
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
