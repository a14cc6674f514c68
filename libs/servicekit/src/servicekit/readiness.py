"""Synchronous readiness probes for the servers we start (no event loop needed)."""

from __future__ import annotations

import socket
import struct
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from pymongo import MongoClient
from pymongo.errors import PyMongoError

from servicekit.processes import ServerProcess, log_tail

_METADATA_V0 = 3
_CORRELATION_ID = 7


def kafka_ready(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when a Kafka Metadata (v0) request is answered with at least one broker."""
    client_id = b"collab-probe"
    header = struct.pack(">hhih", _METADATA_V0, 0, _CORRELATION_ID, len(client_id)) + client_id
    request = header + struct.pack(">i", 0)  # v0: an empty topic array means "all topics"
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(struct.pack(">i", len(request)) + request)
            size, correlation_id, brokers = struct.unpack(">iii", _recv_exact(sock, 12))
    except (OSError, struct.error):
        return False
    return bool(size >= 8 and correlation_id == _CORRELATION_ID and brokers >= 1)


def mongo_ready(url: str, timeout: float = 1.0) -> bool:
    """True when the server at ``url`` answers ``ping``."""
    ms = int(timeout * 1000)
    client: MongoClient[dict[str, object]] = MongoClient(
        url, serverSelectionTimeoutMS=ms, connectTimeoutMS=ms
    )
    try:
        client.admin.command("ping")
    except PyMongoError:
        return False
    finally:
        client.close()
    return True


def http_ready(url: str, timeout: float = 1.0) -> bool:
    """True when a GET of ``url`` answers with a 2xx status."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status: int = response.status
    except (OSError, urllib.error.URLError):
        return False
    return 200 <= status < 300


def http_answers(url: str, timeout: float = 1.0) -> bool:
    """True when ``url`` answers HTTP at all, whatever the status (e.g. 403 to an anonymous GET)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, urllib.error.URLError):
        return False


def wait_ready(server: ServerProcess, probe: Callable[[], bool], timeout: float) -> None:
    """Poll ``probe`` until it succeeds; stop the server and raise with its log tail if not."""
    deadline = time.monotonic() + timeout
    while not probe():
        if not server.alive():
            raise RuntimeError(_failure(server, "exited during start-up"))
        if time.monotonic() >= deadline:
            server.stop()
            raise RuntimeError(_failure(server, f"not ready after {timeout:.0f}s"))
        time.sleep(0.05)
    if not server.alive():  # the probe may have reached someone else on the port
        raise RuntimeError(_failure(server, "exited during start-up"))


def _failure(server: ServerProcess, what: str) -> str:
    tail = log_tail(server.log_path)
    return f"{server.name} (pid {server.pid}, port {server.port}) {what}; log tail:\n{tail}"


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise OSError("connection closed by the broker")
        data += chunk
    return data
