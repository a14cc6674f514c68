"""The local SMTP sink keeps each mail once per Message-ID; ``collabctl mail`` reads it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest
from collabctl.cli import app
from collabctl.mailsink import sink_ready
from typer.testing import CliRunner

runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _mail(subject: str, message_id: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"] = "hub@collab.example", "ann@example.com"
    message["Subject"], message["Message-ID"] = subject, message_id
    message.set_content(f"{subject} body")
    return message


@pytest.fixture
def sink(tmp_path: Path) -> tuple[int, Path]:
    port, directory = _free_port(), tmp_path / ".local" / "mail"
    proc = subprocess.Popen([sys.executable, "-m", "collabctl.mailsink", str(port), str(directory)])
    try:
        deadline = time.monotonic() + 15
        while not sink_ready(port):
            assert time.monotonic() < deadline, "the sink did not start"
            time.sleep(0.05)
        yield port, directory
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def test_sink_keeps_mail_once_and_lists_it(
    sink: tuple[int, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port, directory = sink
    first = _mail("Anna mentioned you", "<n.1@collab.example>")
    for message in (first, first, _mail("Digest: 2 new", "<d.1@collab.example>")):
        await aiosmtplib.send(message, hostname="127.0.0.1", port=port)
    assert len(list(directory.glob("*.eml"))) == 2  # the resend of <n.1> is kept once
    monkeypatch.setenv("COLLAB_HOME", str(tmp_path))
    listed = runner.invoke(app, ["mail", "list"])
    assert listed.exit_code == 0, listed.output
    assert "Anna mentioned you" in listed.output and "Digest: 2 new" in listed.output
    only = runner.invoke(app, ["mail", "list", "--to", "nobody@example.com"])
    assert only.output.strip() == "no mail"
    shown = runner.invoke(app, ["mail", "show", "1"])
    assert shown.exit_code == 0 and "Message-ID: <" in shown.output and "body" in shown.output
    assert runner.invoke(app, ["mail", "show", "9"]).exit_code == 1
