"""Tansu on each candidate store, started for one benchmark run and stopped by PID after it.

``seaweedfs`` is what ``collabctl up`` runs; ``localbucket`` and ``rclone`` are the
candidates it was measured against (docs/decisions.md), ``memory`` is the ceiling.
"""

from __future__ import annotations

import enum
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import typer
from servicekit.embedded import (
    BUCKET,
    HOST,
    S3_ACCESS_KEY,
    S3_SECRET_KEY,
    ServerProcess,
    free_port,
    require_free_port,
    start_bucket,
    start_kafka,
)
from servicekit.processes import spawn
from servicekit.readiness import http_answers, wait_ready
from servicekit.seaweed import start_seaweed

from collabctl.bench.servers import sigterm_interrupts


class Store(enum.StrEnum):
    """Where the benchmark's Tansu keeps its data."""

    SEAWEEDFS = "seaweedfs"
    LOCALBUCKET = "localbucket"
    RCLONE = "rclone"
    MEMORY = "memory"


@contextmanager
def tansu_on(store: Store) -> Iterator[str]:
    """The bootstrap address of a Tansu broker on ``store`` (and its S3 server), both fresh."""
    work = Path(tempfile.mkdtemp(prefix="collab-bench-kafka-"))
    with sigterm_interrupts(), ExitStack() as stack:
        storage, s3_port = "memory://tansu/", None
        if store is not Store.MEMORY:
            s3 = start_store(store, data_root=work / "data", log_dir=work)
            stack.callback(s3.stop)
            storage, s3_port = "s3://tansu/", s3.port
        kafka = start_kafka(free_port(), log_dir=work, storage=storage, bucket_port=s3_port)
        stack.callback(kafka.stop)  # callbacks run last-in first: Tansu stops before its store
        try:
            yield f"{HOST}:{kafka.port}"
        except BaseException:
            typer.echo(f"server logs kept in {work}", err=True)
            raise
    shutil.rmtree(work, ignore_errors=True)


def start_store(store: Store, *, data_root: Path, log_dir: Path) -> ServerProcess:
    """Start the S3 server ``store`` on a free port with bucket "tansu"."""
    if store is Store.SEAWEEDFS:
        return start_seaweed(free_port(), data_root=data_root, log_dir=log_dir)
    if store is Store.LOCALBUCKET:
        return start_bucket(free_port(), data_root=data_root, log_dir=log_dir)
    if store is Store.RCLONE:
        return start_rclone(free_port(), data_root=data_root, log_dir=log_dir)
    raise ValueError(f"{store} is not an S3 server")


def start_rclone(port: int, *, data_root: Path, log_dir: Path) -> ServerProcess:
    """``rclone serve s3`` over ``data_root`` (a folder per bucket), signed with the dev key.

    Measured only: it ignores ``If-None-Match`` on PUT, so a restarted Tansu overwrites
    its partitions from offset 0 (docs/decisions.md). Never use it as the stack's store.
    """
    require_free_port(port)
    data_root = data_root.resolve()
    (data_root / BUCKET).mkdir(parents=True, exist_ok=True)
    config = data_root.parent / "rclone.conf"
    config.touch()  # its own empty config: never read the user's ~/.config/rclone
    argv = [str(Path(sys.executable).parent / "rclone"), "serve", "s3", "--config", str(config)]
    argv += ["--addr", f"{HOST}:{port}", "--auth-key", f"{S3_ACCESS_KEY},{S3_SECRET_KEY}"]
    log_path = log_dir.resolve() / f"rclone-{port}.log"
    server = spawn("rclone", [*argv, str(data_root)], port=port, log_path=log_path)
    wait_ready(server, lambda: http_answers(f"http://{HOST}:{port}/"), 15.0)
    return server
