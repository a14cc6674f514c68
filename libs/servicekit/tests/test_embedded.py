"""The embedded servers start, answer, survive restarts where promised and stop by PID."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from pymongo import MongoClient, WriteConcern
from pymongo.errors import DuplicateKeyError
from servicekit.bucketimport import import_bucket_folder
from servicekit.embedded import free_port, start_bucket, start_kafka, start_mongo
from servicekit.kafka_admin import end_offsets, ensure_topics
from servicekit.processes import ServerProcess, pid_alive, spawn, stop_pid, wait_gone
from servicekit.readiness import kafka_ready, mongo_ready, wait_ready
from servicekit.seaweed import filer_url, start_seaweed
from servicekit.weedports import internal_ports

Records = dict[tuple[int, int], bytes]  # (partition, offset) -> value


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


@pytest.mark.integration
def test_mongo_without_oplog_keeps_transactions_and_process_identity(
    tmp_path: Path, started: list[ServerProcess]
) -> None:
    """The stack's server (``oplog=False``): what the event store and durability rely on."""
    started.append(mongo := start_mongo(free_port(), log_dir=tmp_path, oplog=False))
    client: MongoClient[dict[str, object]] = MongoClient(
        f"mongodb://127.0.0.1:{mongo.port}/?directConnection=true&retryWrites=false"
    )
    try:
        hello = client.admin.command("hello")
        assert "setName" not in hello and hello["topologyVersion"]["processId"]
        db = client["t"]
        db["a"].insert_one({"_id": 1})

        def insert_and_collide(session: object) -> None:
            db["a"].insert_one({"_id": 2}, session=session)
            db["a"].insert_one({"_id": 1}, session=session)  # refused: the whole unit goes

        with client.start_session() as session, pytest.raises(DuplicateKeyError):
            session.with_transaction(insert_and_collide)
        assert [d["_id"] for d in db["a"].find()] == [1]
        durable = db.get_collection("d", write_concern=WriteConcern(w="majority", j=True))
        assert durable.update_one({"_id": 1}, {"$inc": {"n": 1}}, upsert=True).acknowledged
    finally:
        client.close()


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
def test_seaweed_keeps_its_bucket_across_restarts_and_stops_by_pid(
    tmp_path: Path, started: list[ServerProcess]
) -> None:
    old_log = "/topics/.system/log/2000-01-01/00-00.log"  # the filer's, days old
    for start in range(2):  # the second start finds its data and its bucket
        started.append(s3 := _seaweed(tmp_path))
        filer = filer_url(tmp_path / "data")
        assert "tansu" in _get(f"{filer}/buckets/")
        if start == 0:
            _put(f"{filer}{old_log}", b"old")
            assert _get(f"{filer}{old_log}") == "old"
        else:  # each start prunes metadata-log days older than two
            with pytest.raises(urllib.error.HTTPError, match="404"):
                _get(f"{filer}{old_log}")
        s3.stop()
        assert not pid_alive(s3.pid)


def test_seaweed_reuses_its_internal_ports_while_they_are_free(tmp_path: Path) -> None:
    saved = tmp_path / "ports.json"
    first = internal_ports(saved)
    assert len(set(first.values())) == len(first)
    assert first["admin.port.grpc"] == first["admin.port"] + 10_000  # where its workers dial
    with socket.socket() as taken:  # someone else took the filer's port meanwhile
        taken.bind(("127.0.0.1", first["filer.port"]))
        taken.listen()
        second = internal_ports(saved)
    assert second["filer.port"] != first["filer.port"]
    assert {k: v for k, v in second.items() if k != "filer.port"} == {
        k: v for k, v in first.items() if k != "filer.port"
    }
    assert json.loads(saved.read_text()) == second


@pytest.mark.integration
@pytest.mark.parametrize("store", ["seaweedfs", "localbucket"])
async def test_s3_kafka_keeps_topics_and_messages_across_a_restart(
    store: str, tmp_path: Path, started: list[ServerProcess]
) -> None:
    started.append(bucket := _STORES[store](tmp_path))
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


@pytest.mark.integration
async def test_kill_9_of_the_broker_keeps_every_acknowledged_record(
    tmp_path: Path, started: list[ServerProcess]
) -> None:
    started.append(s3 := _seaweed(tmp_path))
    started.append(kafka := _s3_kafka(tmp_path, s3.port))
    bootstrap = f"127.0.0.1:{kafka.port}"
    await ensure_topics(bootstrap, ["crash.v1"], partitions=3)
    acked: Records = {}
    producing = asyncio.create_task(_produce_until_failure(bootstrap, "crash.v1", acked))
    while len(acked) < 300:  # kill it mid-stream, with sends in flight
        assert not producing.done(), producing
        await asyncio.sleep(0.01)
    os.kill(kafka.pid, signal.SIGKILL)
    assert wait_gone(kafka.pid, 5)
    await asyncio.wait_for(producing, 60)
    started.append(kafka := start_kafka(kafka.port, log_dir=tmp_path, **_on(s3)))
    await _assert_kept_and_extended(bootstrap, "crash.v1", acked)


@pytest.mark.integration
async def test_kill_9_of_the_s3_server_keeps_every_acknowledged_record(
    tmp_path: Path, started: list[ServerProcess]
) -> None:
    started.append(s3 := _seaweed(tmp_path))
    started.append(kafka := _s3_kafka(tmp_path, s3.port))
    bootstrap = f"127.0.0.1:{kafka.port}"
    await ensure_topics(bootstrap, ["s3crash.v1"], partitions=3)
    acked = await _produce_all(bootstrap, "s3crash.v1", [f"v{i}".encode() for i in range(300)])
    os.kill(s3.pid, signal.SIGKILL)
    assert wait_gone(s3.pid, 5)
    started.append(s3 := start_seaweed(s3.port, data_root=tmp_path / "data", log_dir=tmp_path))
    assert await _read_all(bootstrap, "s3crash.v1", acked) == acked  # the same broker
    kafka.stop()
    started.append(start_kafka(kafka.port, log_dir=tmp_path, **_on(s3)))  # a restarted one
    await _assert_kept_and_extended(bootstrap, "s3crash.v1", acked)


@pytest.mark.integration
async def test_localbucket_data_imported_into_seaweed_keeps_topics_and_offsets(
    tmp_path: Path, started: list[ServerProcess]
) -> None:
    started.append(bucket := _bucket(tmp_path / "old"))
    started.append(kafka := _s3_kafka(tmp_path, bucket.port))
    bootstrap = f"127.0.0.1:{kafka.port}"
    await ensure_topics(bootstrap, ["moved.v1"], partitions=3)
    acked = await _produce_all(bootstrap, "moved.v1", [f"m{i}".encode() for i in range(200)])
    kafka.stop()
    bucket.stop()
    started.append(s3 := _seaweed(tmp_path))
    imported = import_bucket_folder(
        filer_url(tmp_path / "data"), tmp_path / "old/data/tansu", "tansu"
    )
    assert imported == len(list((tmp_path / "old/data/tansu").rglob("*.batch"))) + 4  # + json
    started.append(start_kafka(kafka.port, log_dir=tmp_path, **_on(s3)))
    assert await ensure_topics(bootstrap, ["moved.v1"], partitions=3) == []
    await _assert_kept_and_extended(bootstrap, "moved.v1", acked)


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode())


def _put(url: str, body: bytes) -> None:
    request = urllib.request.Request(url, data=body, method="PUT")
    with urllib.request.urlopen(request, timeout=5):
        pass


def _bucket(tmp_path: Path) -> ServerProcess:
    return start_bucket(free_port(), data_root=tmp_path / "data", log_dir=tmp_path)


def _seaweed(tmp_path: Path) -> ServerProcess:
    return start_seaweed(free_port(), data_root=tmp_path / "data", log_dir=tmp_path)


_STORES: dict[str, Callable[[Path], ServerProcess]] = {
    "seaweedfs": _seaweed,
    "localbucket": _bucket,
}


def _on(s3: ServerProcess) -> dict[str, object]:
    return {"storage": "s3://tansu/", "bucket_port": s3.port}


async def _produce_all(bootstrap: str, topic: str, values: list[bytes]) -> Records:
    """Send every value (keys spread them over the partitions); their acknowledged places."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        sent = [
            await producer.send(topic, v, key=str(i % 7).encode()) for i, v in enumerate(values)
        ]
        delivered = await asyncio.gather(*sent)
    finally:
        await producer.stop()
    return {(m.partition, m.offset): v for m, v in zip(delivered, values, strict=True)}


async def _produce_until_failure(bootstrap: str, topic: str, acked: Records) -> None:
    """Send batches of 20 until the broker fails; every acknowledged record lands in ``acked``."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", request_timeout_ms=3000)
    await producer.start()
    try:
        for batch in range(10_000):
            values = [f"b{batch}-{i}".encode() for i in range(20)]
            sent = [await producer.send(topic, v, key=v) for v in values]
            results = await asyncio.gather(*sent, return_exceptions=True)
            for meta, value in zip(results, values, strict=True):
                if not isinstance(meta, BaseException):
                    acked[(meta.partition, meta.offset)] = value
            if any(isinstance(meta, BaseException) for meta in results):
                return
    finally:
        await asyncio.wait_for(producer.stop(), 30)


async def _read_all(bootstrap: str, topic: str, wanted: Records, within_s: float = 30) -> Records:
    """What the topic holds at the places of ``wanted`` (read from offset 0 until all seen)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    found: Records = {}
    try:
        tps = [TopicPartition(topic, p) for p in range(3)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        deadline = asyncio.get_running_loop().time() + within_s
        while not wanted.keys() <= found.keys() and asyncio.get_running_loop().time() < deadline:
            for tp, part in (await consumer.getmany(timeout_ms=500)).items():
                found.update(((tp.partition, r.offset), r.value) for r in part)
    finally:
        await consumer.stop()
    return {place: found[place] for place in wanted if place in found}


async def _assert_kept_and_extended(bootstrap: str, topic: str, acked: Records) -> None:
    """Every acknowledged record is in place, and new ones go after them (none overwritten)."""
    assert await _read_all(bootstrap, topic, acked) == acked
    after = await _produce_all(bootstrap, topic, [b"after-restart"] * 14)  # every partition
    last = {p: max(o for q, o in acked if q == p) for p, _ in acked}
    assert all(offset > last.get(partition, -1) for partition, offset in after)
    assert await _read_all(bootstrap, topic, acked) == acked


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
