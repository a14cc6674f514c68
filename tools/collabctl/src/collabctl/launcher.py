"""Start the local stack in order: S3, Kafka, MongoDB, topics, services, hooks."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from collab_events.topics import SERVICES, dlq_topic_for, topic_for
from servicekit.auth import generate_key_pair
from servicekit.bucketimport import import_bucket_folder
from servicekit.embedded import (
    BUCKET,
    ServerProcess,
    mongo_url_for,
    require_free_port,
    start_kafka,
    start_mongo,
)
from servicekit.kafka_admin import ensure_topics
from servicekit.processes import spawn
from servicekit.readiness import http_ready, wait_ready
from servicekit.seaweed import filer_url, start_seaweed

from collabctl.hooks import StackContext, after_up_hooks, run_after_up_hooks
from collabctl.mailsink import sink_ready
from collabctl.paths import StackPaths
from collabctl.runstate import marker_env, remove_pid, save_state, write_pid
from collabctl.service_procs import (
    HEALTH_TIMEOUT_S,
    MAIL_SINK_PORT,
    SERVICE_PORTS,
    available_services,
    service_env,
    service_url,
)
from collabctl.web_procs import (
    GATEWAY_PORT,
    GATEWAY_URL,
    IDP_PORT,
    IDP_URL,
    gateway_env,
    gateway_installed,
    idp_argv,
)

TOPIC_PARTITIONS = 3
# WiredTiger's cache: SecantusDB's 1G default holds the working set of only ~40,000
# employees across the services; beyond it every write evicts and re-reads pages.
MONGO_CACHE = "4G"


@dataclass(frozen=True)
class StackPorts:
    """Ports of the embedded servers."""

    kafka: int = 19092
    mongo: int = 27117
    bucket: int = 19000  # the S3 server (SeaweedFS): Tansu's store, later attachments


class Launcher:
    """Starts processes and records a pid file for each; ``stop_all`` undoes it."""

    def __init__(self, paths: StackPaths, report: Callable[[str], None] = print) -> None:
        self.paths, self.report = paths, report
        self.started: list[ServerProcess] = []
        self._env = marker_env(paths.local)

    def launch(self, ports: StackPorts, *, with_services: bool) -> StackContext:
        """Start everything, wait until healthy, run the after-up hooks."""
        services = available_services() if with_services else []
        ctx = self._context(ports)
        save_state(self.paths.run, _endpoints(ctx, ports, services))
        self._start_infra(ports)
        topics = all_topics()
        created = asyncio.run(
            ensure_topics(ctx.kafka_bootstrap, topics, partitions=TOPIC_PARTITIONS)
        )
        self.report(f"topics: {len(topics)} present ({len(created)} created)")
        self._start_services(ctx, services)
        ctx = replace(ctx, services={name: service_url(name) for name in services})
        if with_services and gateway_installed():
            self._start_web(ctx)
        self.report("running after-up hooks" if after_up_hooks else "no after-up hooks")
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
        self._record(start_seaweed(ports.bucket, data_root=p.s3, log_dir=p.logs, env=env))
        self._import_localbucket()
        kafka = start_kafka(
            ports.kafka, log_dir=p.logs, storage="s3://tansu/", bucket_port=ports.bucket, env=env
        )
        self._record(kafka)
        # No change streams on the stack (COLLAB_RELAY_WATCH_CHANGES=false): no oplog either.
        mongo = start_mongo(
            ports.mongo,
            log_dir=p.logs,
            storage_path=str(p.mongo),
            env=env,
            oplog=False,
            cache_size=MONGO_CACHE,
        )
        self._record(mongo)

    def _import_localbucket(self) -> None:
        """Once, before Tansu starts: carry an older stack's LocalBucket topics over."""
        legacy, done = self.paths.bucket / BUCKET, self.paths.s3 / "imported-localbucket"
        if not legacy.is_dir() or done.exists():
            return
        self.report(f"importing Tansu's data from {legacy} (LocalBucket) into SeaweedFS")
        count = import_bucket_folder(filer_url(self.paths.s3), legacy, BUCKET)
        done.write_text(f"{count} objects from {legacy}\n")
        self.report(f"imported {count} objects; {self.paths.bucket} is no longer used")

    def _start_mail_sink(self) -> None:
        """The SMTP sink the notification service mails to (``collabctl mail list``)."""
        require_free_port(MAIL_SINK_PORT)
        argv = [
            sys.executable,
            "-m",
            "collabctl.mailsink",
            str(MAIL_SINK_PORT),
            str(self.paths.mail),
        ]
        log_path = self.paths.logs / f"mail-{MAIL_SINK_PORT}.log"
        sink = self._record(
            spawn("mail", argv, port=MAIL_SINK_PORT, log_path=log_path, env=self._env)
        )
        wait_ready(sink, partial(sink_ready, MAIL_SINK_PORT), 15.0)

    def _start_services(self, ctx: StackContext, names: list[str]) -> None:
        if "notification" in names:
            self._start_mail_sink()
        servers = []
        for name in names:
            require_free_port(SERVICE_PORTS[name])
            argv = [sys.executable, "-m", f"{name}_service", "all"]
            env = {**self._env, **service_env(ctx, name)}
            log_path = self.paths.logs / f"{name}-{SERVICE_PORTS[name]}.log"
            server = spawn(name, argv, port=SERVICE_PORTS[name], log_path=log_path, env=env)
            servers.append(self._record(server))
        if servers:
            self.report(f"waiting for {', '.join(names)} to report healthy")
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        for server in servers:  # all start in parallel; one shared deadline
            probe = partial(http_ready, f"{service_url(server.name)}/health/live")
            wait_ready(server, probe, max(deadline - time.monotonic(), 1.0))

    def _start_web(self, ctx: StackContext) -> None:
        """The development IdP, then the gateway in front of the services."""
        require_free_port(IDP_PORT)
        require_free_port(GATEWAY_PORT)
        idp = self._record(
            spawn(
                "idp",
                idp_argv(sys.executable),
                port=IDP_PORT,
                log_path=self.paths.logs / f"idp-{IDP_PORT}.log",
                env=self._env,
            )
        )
        wait_ready(idp, partial(http_ready, f"{IDP_URL}/.well-known/openid-configuration"), 30.0)
        env = {**self._env, **gateway_env(ctx, ctx.services)}
        argv = [sys.executable, "-m", "gateway_service", "all"]
        log_path = self.paths.logs / f"gateway-{GATEWAY_PORT}.log"
        gateway = self._record(
            spawn("gateway", argv, port=GATEWAY_PORT, log_path=log_path, env=env)
        )
        wait_ready(gateway, partial(http_ready, f"{GATEWAY_URL}/health/live"), HEALTH_TIMEOUT_S)

    def _record(self, server: ServerProcess) -> ServerProcess:
        write_pid(self.paths.run, server.name, server.pid)
        self.started.append(server)
        self.report(f"{server.name}: pid {server.pid}, port {server.port}")
        return server


def all_topics(prefix: str = "") -> list[str]:
    """Every service's topic and dead-letter topic."""
    return [t for s in SERVICES for t in (topic_for(s, prefix), dlq_topic_for(s, prefix))]


def _endpoints(
    ctx: StackContext, ports: StackPorts, services: list[str]
) -> dict[str, tuple[int, str]]:
    infra = {
        "s3": (ports.bucket, ctx.bucket_url),
        "kafka": (ports.kafka, ctx.kafka_bootstrap),
        "mongo": (ports.mongo, ctx.mongo_url),
    }
    web = {}
    if services and gateway_installed():
        web = {"idp": (IDP_PORT, IDP_URL), "gateway": (GATEWAY_PORT, GATEWAY_URL)}
    return infra | {name: (SERVICE_PORTS[name], service_url(name)) for name in services} | web
