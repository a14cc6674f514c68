"""The internal ports of one ``weed mini``: remembered next to its data, reused while free.

The master keeps its state in a folder named by its port, so a restart on the same ports
finds it; a port someone else took meanwhile is replaced by a free one. weed also leaves
a unix socket per port in /tmp, removed here once it stopped.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path

from servicekit.embedded import free_port, require_free_port

PORTS_FILE = "ports.json"
_SOCKET_DIR = Path("/tmp")  # fixed in weed, whatever TMPDIR says
_INTERNAL = (
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port.grpc",
)
# The admin server's workers (vacuum among them) dial the admin port + 10000, whatever
# -admin.port.grpc says: keep that pair together.
_GRPC_OFFSET = 10_000

# After a crash the clients' keep-alive connections hold the S3 port (FIN_WAIT2) until
# each client next uses them: a restart waits that long for the port instead of failing.
PORT_WAIT_S = 15.0


def wait_until_free(port: int, timeout: float) -> None:
    """Return once ``port`` can be bound; raise RuntimeError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while _reuse(port) is None:
        if time.monotonic() >= deadline:
            require_free_port(port)  # raises, naming the port
        time.sleep(0.1)


def internal_ports(saved: Path) -> dict[str, int]:
    """The internal ports of the last start where still free, new free ones otherwise."""
    try:
        previous: dict[str, int] = json.loads(saved.read_text())
    except (OSError, ValueError):
        previous = {}
    ports: dict[str, int] = {}
    for flag in _INTERNAL:
        kept = _reuse(previous.get(flag))
        ports[flag] = _fresh(ports) if kept is None or kept in ports.values() else kept
    admin = previous.get("admin.port")
    if not (_reuse(admin) and admin is not None and _reuse(admin + _GRPC_OFFSET)):
        admin = _free_port_pair(ports)
    ports |= {"admin.port": admin, "admin.port.grpc": admin + _GRPC_OFFSET}
    saved.write_text(json.dumps(ports, indent=2) + "\n")
    return ports


def _reuse(port: int | None) -> int | None:
    """``port`` when it is free now, else None."""
    if port is None:
        return None
    try:
        require_free_port(port)
    except RuntimeError:
        return None
    return port


def _fresh(taken: dict[str, int]) -> int:
    """A free port none of ``taken`` has."""
    while (port := free_port()) in taken.values():
        pass
    return port


def _free_port_pair(taken: dict[str, int]) -> int:
    """A free port p with p + 10000 free as well, neither of them in ``taken``."""
    while True:
        port = _fresh(taken)
        pair = port + _GRPC_OFFSET
        if pair < 65_536 and pair not in taken.values() and _reuse(pair):
            return port


def remove_sockets(ports: Iterable[int]) -> None:
    """Delete the /tmp/seaweedfs-*-<port>.sock files of a stopped ``weed`` on ``ports``."""
    for port in ports:  # weed names them by its ports and never removes them
        for path in _SOCKET_DIR.glob(f"seaweedfs-*-{port}.sock"):
            path.unlink(missing_ok=True)


def ports_of(data_root: Path) -> list[int]:
    """The internal ports of the SeaweedFS last started on ``data_root`` ([] if it never ran)."""
    try:
        return list(json.loads((data_root / PORTS_FILE).read_text()).values())
    except (OSError, ValueError):
        return []
