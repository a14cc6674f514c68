"""Start the local stack in order: bucket, Kafka, MongoDB, topics, services, hooks."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import time
from dataclasses import dataclass, replace
from functools import partial

from collab_events.topics import SERVICES, dlq_topic_for, topic_for
from servicekit.auth import generate_key_pair
from servicekit.embedded import (
    ServerProcess,
    mongo_url_for,
    require_free_port,
    start_bucket,
    start_kafka,
    start_mongo,
)
from servicekit.kafka_admin import ensure_topics
from servicekit.processes import spawn
from servicekit.readiness import http_ready, wait_ready

from collabctl.hooks import StackContext, run_after_up_hooks
from collabctl.paths import StackPaths
from collabctl.runstate import marker_env, remove_pid, save_state, write_pid

SERVICE_PORTS = {
    "profile": 8101,
    "group": 8102,
    "feed": 8103,
    "news": 8104,
    "polling": 8105,
    "notification": 8106,
}
TOPIC_PARTITIONS = 3
HEALTH_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class StackPorts:
    """Ports of the embedded servers."""

    kafka: int = 19092
    mongo: int = 27117
    bucket: int = 19000


def available_services() -> list[str]:
    """Services whose package is installed (``<name>_service``)."""
    return [name for name in SERVICES if importlib.util.find_spec(f"{name}_service") is not None]


class Launcher:
    """Starts processes and records a pid file for each; ``stop_all`` undoes it."""

    def __init__(self, paths: StackPaths) -> None:
        self.paths = paths
        self.started: list[ServerProcess] = []
        self._env = marker_env(paths.local)

    def launch(self, ports: StackPorts, *, with_services: bool) -> StackContext:
        """Start everything, wait until healthy, run the after-up hooks."""
        services = available_services() if with_services else []
        ctx = self._context(ports)
        save_state(self.paths.run, _endpoints(ctx, ports, services))
        self._start_infra(ports)
        asyncio.run(ensure_topics(ctx.kafka_bootstrap, all_topics(), partitions=TOPIC_PARTITIONS))
        self._start_services(ctx, services)
        ctx = replace(ctx, services={name: _service_url(name) for name in services})
        run_after_up_hooks(ctx)
        return ctx

    def stop_all(self) -> None:
        """Stop what this launcher started, newest first, and remove the pid files."""
        for server in reversed(self.started):
            server.stop()
            remove_pid(self.paths.run, server.name, server.pid)
        self.started.clear()

    def _context(self, ports: StackPorts) -> StackContext:
        private_key, public_key = generate_key_pair(self.paths.keys)
        return StackContext(
            paths=self.paths,
            kafka_bootstrap=f"127.0.0.1:{ports.kafka}",
            mongo_url=mongo_url_for(ports.mongo),
            bucket_url=f"http://127.0.0.1:{ports.bucket}",
            private_key=private_key,
            public_key=public_key,
        )

    def _start_infra(self, ports: StackPorts) -> None:
        p, env = self.paths, self._env
        self._record(start_bucket(ports.bucket, data_root=p.bucket, log_dir=p.logs, env=env))
        kafka = start_kafka(
            ports.kafka, log_dir=p.logs, storage="s3://tansu/", bucket_port=ports.bucket, env=env
        )
        self._record(kafka)
        self._record(start_mongo(ports.mongo, log_dir=p.logs, storage_path=str(p.mongo), env=env))

    def _start_services(self, ctx: StackContext, names: list[str]) -> None:
        servers = []
        for name in names:
            require_free_port(SERVICE_PORTS[name])
            argv = [sys.executable, "-m", f"{name}_service", "all"]
            env = {**self._env, **service_env(ctx, name)}
            log_path = self.paths.logs / f"{name}-{SERVICE_PORTS[name]}.log"
            server = spawn(name, argv, port=SERVICE_PORTS[name], log_path=log_path, env=env)
            servers.append(self._record(server))
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        for server in servers:  # all start in parallel; one shared deadline
            probe = partial(http_ready, f"{_service_url(server.name)}/health/live")
            wait_ready(server, probe, max(deadline - time.monotonic(), 1.0))

    def _record(self, server: ServerProcess) -> ServerProcess:
        write_pid(self.paths.run, server.name, server.pid)
        self.started.append(server)
        return server


def service_env(ctx: StackContext, name: str) -> dict[str, str]:
    """The environment a service runs with in the local stack."""
    return {
        "COLLAB_ENVIRONMENT": "development",
        "COLLAB_MONGO_URL": ctx.mongo_url,
        "COLLAB_KAFKA_BOOTSTRAP": ctx.kafka_bootstrap,
        "COLLAB_HTTP_HOST": "127.0.0.1",
        "COLLAB_HTTP_PORT": str(SERVICE_PORTS[name]),
        "COLLAB_JWT_PUBLIC_KEY_FILE": str(ctx.public_key),
        "COLLAB_KAFKA_SESSION_TIMEOUT_MS": "2000",
        "COLLAB_KAFKA_HEARTBEAT_INTERVAL_MS": "500",
    }


def all_topics(prefix: str = "") -> list[str]:
    """Every service's topic and dead-letter topic."""
    return [t for s in SERVICES for t in (topic_for(s, prefix), dlq_topic_for(s, prefix))]


def _service_url(name: str) -> str:
    return f"http://127.0.0.1:{SERVICE_PORTS[name]}"


def _endpoints(
    ctx: StackContext, ports: StackPorts, services: list[str]
) -> dict[str, tuple[int, str]]:
    infra = {
        "bucket": (ports.bucket, ctx.bucket_url),
        "kafka": (ports.kafka, ctx.kafka_bootstrap),
        "mongo": (ports.mongo, ctx.mongo_url),
    }
    return infra | {name: (SERVICE_PORTS[name], _service_url(name)) for name in services}
