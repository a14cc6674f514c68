"""``collabctl up / status / down / token`` against the embedded servers in a temp home."""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from collabctl.cli import app
from collabctl.hooks import StackContext, after_up_hooks
from collabctl.paths import repo_root
from servicekit.auth import TokenVerifier
from servicekit.embedded import free_port
from servicekit.kafka_admin import end_offsets
from servicekit.processes import pid_alive
from typer.testing import CliRunner

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("COLLAB_HOME", str(tmp_path))
    yield tmp_path
    runner.invoke(app, ["down"])  # whatever a failed test left running


@pytest.fixture
def recorded_hook() -> Iterator[list[tuple[StackContext, bool]]]:
    seen: list[tuple[StackContext, bool]] = []

    def seed_once(ctx: StackContext) -> None:
        seen.append((ctx, ctx.first_start))
        if ctx.first_start:
            ctx.mark_seeded()

    after_up_hooks.append(seed_once)
    yield seen
    after_up_hooks.remove(seed_once)


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def pids(home: Path) -> dict[str, int]:
    return {p.stem: int(p.read_text()) for p in (home / ".local" / "run").glob("*.pid")}


@pytest.mark.integration
def test_up_status_down_keeps_data_across_restarts(
    home: Path, recorded_hook: list[tuple[StackContext, bool]]
) -> None:
    _write_stale_pid_files(home)
    ports = ["--kafka-port", str(free_port()), "--mongo-port", str(free_port())]
    up = ["up", "--no-services", *ports, "--bucket-port", str(free_port())]
    invoke(*up)
    first = pids(home)
    assert set(first) == {"bucket", "kafka", "mongo"}
    assert all(pid_alive(pid) for pid in first.values())
    assert invoke("status").count(" yes ") == 3
    assert "already running" in invoke(*up)
    bootstrap = recorded_hook[0][0].kafka_bootstrap
    asyncio.run(_produce(bootstrap, "collab.profile.v1"))

    invoke("down")
    assert not any(pid_alive(pid) for pid in first.values())
    assert pids(home) == {}
    invoke(*up)
    assert asyncio.run(end_offsets(bootstrap, "collab.profile.v1")) == {0: 0, 1: 1, 2: 0}
    assert [first_start for _, first_start in recorded_hook] == [True, False]
    second = pids(home)
    invoke("down")
    assert not any(pid_alive(pid) for pid in second.values())


def test_token_is_signed_with_the_dev_key(home: Path) -> None:
    token = invoke("token", "--sub", "e-7", "--roles", "admin, editor", "--ttl", "60").strip()
    public = (home / ".local" / "keys" / "dev-public.pem").read_text()
    verifier = TokenVerifier(
        issuer="collab-dev", audience="collab-hub", algorithms=["RS256"], public_key=public
    )
    principal = verifier.verify(token)
    assert principal.sub == "e-7"
    assert principal.roles == {"admin", "editor"}


def test_repo_root_is_the_workspace_with_ruff_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    service = tmp_path / "services" / "x"
    service.mkdir(parents=True)
    (service / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert repo_root(service) == tmp_path


def _write_stale_pid_files(home: Path) -> None:
    """A dead pid, and a live one that is not ours (this test): neither may block or be killed."""
    run = home / ".local" / "run"
    run.mkdir(parents=True)
    (run / "kafka.pid").write_text(f"{_dead_pid()}\n")
    (run / "mongo.pid").write_text(f"{os.getpid()}\n")


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


async def _produce(bootstrap: str, topic: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"kept", partition=1)
    finally:
        await producer.stop()
