"""The embedded servers start, answer, survive restarts where promised and stop by PID."""

from __future__ import annotations

import socket
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from servicekit.embedded import free_port, start_bucket, start_kafka, start_mongo
from servicekit.kafka_admin import end_offsets, ensure_topics
from servicekit.processes import ServerProcess, pid_alive, spawn, stop_pid
from servicekit.readiness import kafka_ready, mongo_ready, wait_ready


@pytest.fixture
def started() -> Iterator[list[ServerProcess]]:
    """Servers a test starts; stopped even when the test fails."""
    servers: list[ServerProcess] = []
    yield servers
    for server in reversed(servers):
        server.stop()


def test_stop_pid_kills_a_process_that_ignores_sigterm(tmp_path: Path) -> None:
    code = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('up', flush=True); time.sleep(60)"
    )
    proc = spawn("stubborn", [sys.executable, "-c", code], port=0, log_path=tmp_path / "s.log")
    try:
        while "up" not in (tmp_path / "s.log").read_text():
            assert proc.alive()
    finally:
        stop_pid(proc.pid, timeout=0.5)
    assert not pid_alive(proc.pid)
    assert not proc.alive()


@pytest.mark.integration
def test_memory_kafka_and_mongo_start_and_stop(
    tmp_path: Path, started: list[ServerProcess]
) -> None:
    started.append(kafka := start_kafka(free_port(), log_dir=tmp_path))
    started.append(mongo := start_mongo(free_port(), log_dir=tmp_path))
    assert kafka_ready("127.0.0.1", kafka.port)
    assert mongo_ready(f"mongodb://127.0.0.1:{mongo.port}/?directConnection=true")
    mongo.stop()
    kafka.stop()
    assert not kafka.alive() and not pid_alive(kafka.pid)
    assert not mongo.alive() and not pid_alive(mongo.pid)


def test_a_server_dying_during_start_up_reports_its_log(tmp_path: Path) -> None:
    code = "print('cannot bind: address in use'); raise SystemExit(3)"
    proc = spawn("boom", [sys.executable, "-c", code], port=1, log_path=tmp_path / "b.log")
    with pytest.raises(RuntimeError, match=r"(?s)boom .* exited during start-up.*address in use"):
        wait_ready(proc, lambda: False, timeout=10)


def test_a_taken_port_is_refused_before_starting(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(RuntimeError, match="already in use"):
            start_kafka(taken.getsockname()[1], log_dir=tmp_path)
    assert not list(tmp_path.iterdir())  # nothing was started


@pytest.mark.integration
def test_bucket_exists_after_start_and_restart(
    tmp_path: Path, started: list[ServerProcess]
) -> None:
    for _ in range(2):  # the second start finds the bucket already there
        started.append(bucket := _bucket(tmp_path))
        head = urllib.request.Request(f"http://127.0.0.1:{bucket.port}/tansu", method="HEAD")
        with urllib.request.urlopen(head, timeout=5) as response:
            assert response.status == 200
        bucket.stop()
        assert not pid_alive(bucket.pid)


@pytest.mark.integration
async def test_s3_kafka_keeps_topics_and_messages_across_a_restart(
    tmp_path: Path, started: list[ServerProcess]
) -> None:
    started.append(bucket := _bucket(tmp_path))
    started.append(kafka := _s3_kafka(tmp_path, bucket.port))
    bootstrap = f"127.0.0.1:{kafka.port}"
    assert await ensure_topics(bootstrap, ["keep.v1"], partitions=3) == ["keep.v1"]
    await _produce(bootstrap, "keep.v1", b"survives")
    kafka.stop()
    started.append(kafka := _s3_kafka(tmp_path, bucket.port))
    bootstrap = f"127.0.0.1:{kafka.port}"
    assert await ensure_topics(bootstrap, ["keep.v1"], partitions=3) == []
    assert await end_offsets(bootstrap, "keep.v1") == {0: 0, 1: 1, 2: 0}
    assert await _read_partition(bootstrap, TopicPartition("keep.v1", 1)) == [b"survives"]
    for server in reversed(started):
        server.stop()
    assert not any(pid_alive(server.pid) for server in started)


def _bucket(tmp_path: Path) -> ServerProcess:
    return start_bucket(free_port(), data_root=tmp_path / "data", log_dir=tmp_path)


def _s3_kafka(tmp_path: Path, bucket_port: int) -> ServerProcess:
    return start_kafka(
        free_port(), log_dir=tmp_path, storage="s3://tansu/", bucket_port=bucket_port
    )


async def _produce(bootstrap: str, topic: str, value: bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, value, partition=1)
    finally:
        await producer.stop()


async def _read_partition(bootstrap: str, tp: TopicPartition) -> list[bytes]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign([tp])
        await consumer.seek_to_beginning(tp)
        batches = await consumer.getmany(tp, timeout_ms=5000)
    finally:
        await consumer.stop()
    return [record.value for record in batches.get(tp, [])]
