"""``collabctl up / status / down / token`` against the embedded servers in a temp home."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from collabctl.cli import app
from collabctl.hooks import StackContext, after_up_hooks
from collabctl.paths import repo_root
from collabctl.runstate import load_state
from servicekit.auth import TokenVerifier
from servicekit.embedded import free_port, start_bucket, start_kafka
from servicekit.kafka_admin import end_offsets, ensure_topics
from servicekit.processes import pid_alive, wait_gone
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
    up = ["up", "--no-services", *ports, "--s3-port", str(free_port())]
    invoke(*up)
    first = pids(home)
    assert set(first) == {"s3", "kafka", "mongo"}
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


@pytest.mark.integration
def test_kill_9_of_broker_and_s3_server_then_down_up_keeps_every_acknowledged_record(
    home: Path,
) -> None:
    up = _up_on_free_ports()
    invoke(*up)
    bootstrap = _bootstrap(home)
    acked = asyncio.run(_produce_many(bootstrap, "collab.group.v1", 120))
    for name in ("kafka", "s3"):  # a crash of both, no clean-up of any kind
        os.kill(pids(home)[name], signal.SIGKILL)
        assert wait_gone(pids(home)[name], 5)
    invoke("down")  # stops what is left, forgets the dead
    invoke(*up)
    assert asyncio.run(_read(bootstrap, "collab.group.v1", acked)) == acked
    more = asyncio.run(_produce_many(bootstrap, "collab.group.v1", 30))
    assert not more.keys() & acked.keys()  # appended after, nothing overwritten
    invoke("down")


@pytest.mark.integration
def test_up_imports_an_older_stacks_localbucket_topics_once(home: Path) -> None:
    acked = asyncio.run(_old_stack_with_events(home / ".local" / "bucket", home / "old-logs"))
    up = _up_on_free_ports()
    assert "imported" in invoke(*up)
    bootstrap = _bootstrap(home)
    assert asyncio.run(_read(bootstrap, "collab.profile.v1", acked)) == acked
    more = asyncio.run(_produce_many(bootstrap, "collab.profile.v1", 30))
    assert not more.keys() & acked.keys()
    invoke("down")
    assert "imported" not in invoke(*up)  # once only: the new store is the truth now
    assert asyncio.run(_read(bootstrap, "collab.profile.v1", acked | more)) == acked | more
    invoke("down")


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


Records = dict[tuple[int, int], bytes]


def _up_on_free_ports() -> list[str]:
    ports = ["--kafka-port", str(free_port()), "--mongo-port", str(free_port())]
    return ["up", "--no-services", *ports, "--s3-port", str(free_port())]


def _bootstrap(home: Path) -> str:
    return load_state(home / ".local" / "run")["kafka"][1]


async def _old_stack_with_events(data_root: Path, log_dir: Path) -> Records:
    """What ``collabctl up`` did before SeaweedFS: Tansu on LocalBucket in .local/bucket."""
    bucket = start_bucket(free_port(), data_root=data_root, log_dir=log_dir)
    try:
        kafka = start_kafka(
            free_port(), log_dir=log_dir, storage="s3://tansu/", bucket_port=bucket.port
        )
        try:
            bootstrap = f"127.0.0.1:{kafka.port}"
            await ensure_topics(bootstrap, ["collab.profile.v1"], partitions=3)
            return await _produce_many(bootstrap, "collab.profile.v1", 90)
        finally:
            kafka.stop()
    finally:
        bucket.stop()


async def _produce_many(bootstrap: str, topic: str, count: int) -> Records:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        values = [os.urandom(8).hex().encode() for _ in range(count)]
        sent = [await producer.send(topic, v, key=v[:2]) for v in values]
        delivered = await asyncio.gather(*sent)
    finally:
        await producer.stop()
    return {(m.partition, m.offset): v for m, v in zip(delivered, values, strict=True)}


async def _read(bootstrap: str, topic: str, wanted: Records) -> Records:
    """The records at the places of ``wanted``, read from offset 0 (up to 30 s)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    found: Records = {}
    try:
        tps = [TopicPartition(topic, p) for p in range(3)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        deadline = asyncio.get_running_loop().time() + 30
        while not wanted.keys() <= found.keys() and asyncio.get_running_loop().time() < deadline:
            for tp, part in (await consumer.getmany(timeout_ms=500)).items():
                found.update(((tp.partition, r.offset), r.value) for r in part)
    finally:
        await consumer.stop()
    return {place: found[place] for place in wanted if place in found}
