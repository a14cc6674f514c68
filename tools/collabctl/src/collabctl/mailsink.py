"""The local stack's SMTP sink: accepts every mail and keeps it as a file a developer reads.

``python -m collabctl.mailsink PORT DIRECTORY`` runs it (``collabctl up`` does, when the
notification service is installed); ``collabctl mail list`` shows what arrived. A file is
named after the Message-ID, so a resent mail (the same Message-ID) is kept once.
"""

from __future__ import annotations

import hashlib
import signal
import socket
import sys
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class KeepMail:
    """aiosmtpd handler: write each accepted message to ``<directory>/<hash>.eml``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content: bytes = envelope.content
        message = message_from_bytes(content, policy=policy.default)
        key = str(message.get("Message-ID") or hashlib.sha256(content).hexdigest())
        name = hashlib.sha256(key.encode()).hexdigest()[:24]
        (self.directory / f"{name}.eml").write_bytes(content)
        return "250 OK"


def read_mails(directory: Path) -> list[tuple[float, EmailMessage]]:
    """Every kept mail with the time it arrived, oldest first."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.glob("*.eml"):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        found.append((path.stat().st_mtime, message))
    return sorted(found, key=lambda item: item[0])  # type: ignore[return-value]


def sink_ready(port: int, timeout: float = 1.0) -> bool:
    """True when the sink accepts TCP connections."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def main(argv: list[str]) -> None:
    """Serve until SIGTERM or SIGINT."""
    port, directory = int(argv[0]), Path(argv[1])
    controller = Controller(KeepMail(directory), hostname="127.0.0.1", port=port)
    controller.start()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    print(f"mail sink on 127.0.0.1:{port}, keeping mail in {directory}", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
