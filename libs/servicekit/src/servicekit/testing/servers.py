"""Kafka and MongoDB for tests: from the environment, from Docker, or embedded."""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from servicekit.embedded import (
    ServerProcess,
    free_port,
    mongo_url_for,
    start_kafka,
    start_mongo,
)

log = logging.getLogger(__name__)

KAFKA_ENV, MONGO_ENV, DOCKER_ENV = "COLLAB_TEST_KAFKA", "COLLAB_TEST_MONGO", "COLLAB_TEST_DOCKER"
_PORT_ATTEMPTS = 3  # free_port() can race with another process grabbing the port


@contextmanager
def kafka_server(log_dir: Path) -> Iterator[str]:
    """Bootstrap servers: $COLLAB_TEST_KAFKA, a testcontainer if asked for, else Tansu."""
    if external := os.environ.get(KAFKA_ENV):
        yield external
    elif docker_requested():
        with _container("testcontainers.kafka", "KafkaContainer") as kafka:
            yield str(kafka.get_bootstrap_server())
    else:
        server = _on_free_port(lambda port: start_kafka(port, log_dir=log_dir))
        try:
            yield f"127.0.0.1:{server.port}"
        finally:
            server.stop()


@contextmanager
def mongo_server(log_dir: Path) -> Iterator[str]:
    """A MongoDB URL: $COLLAB_TEST_MONGO, a testcontainer if asked for, else SecantusDB."""
    if external := os.environ.get(MONGO_ENV):
        yield external
    elif docker_requested():
        with _container("testcontainers.mongodb", "MongoDbContainer") as mongo:
            yield str(mongo.get_connection_url())
    else:
        server = _on_free_port(lambda port: start_mongo(port, log_dir=log_dir))
        try:
            yield mongo_url_for(server.port)
        finally:
            server.stop()


def docker_requested() -> bool:
    """True when $COLLAB_TEST_DOCKER=1, testcontainers is installed and Docker answers."""
    if os.environ.get(DOCKER_ENV) != "1":
        return False
    if importlib.util.find_spec("testcontainers") is None:
        log.warning("%s=1 but testcontainers is not installed: using embedded servers", DOCKER_ENV)
        return False
    try:
        importlib.import_module("docker").from_env().ping()
    except Exception as exc:  # any failure to reach the engine means "no Docker"
        log.warning("%s=1 but Docker does not answer (%s): using embedded servers", DOCKER_ENV, exc)
        return False
    return True


@contextmanager
def _container(module: str, cls: str) -> Iterator[Any]:
    container = getattr(importlib.import_module(module), cls)()
    container.start()
    try:
        yield container
    finally:
        container.stop()


def _on_free_port(start: Callable[[int], ServerProcess]) -> ServerProcess:
    for attempt in range(1, _PORT_ATTEMPTS + 1):
        try:
            return start(free_port())
        except RuntimeError:
            if attempt == _PORT_ATTEMPTS:
                raise
            log.warning("embedded server failed to start, retrying on another port", exc_info=True)
    raise AssertionError("unreachable")
