"""Deployment files: rendered kustomize overlays, docker-compose.yml, the service image.

Offline checks only: `kubectl kustomize` renders the overlays (skipped without kubectl or
kustomize), and `docker compose config` runs when the compose client is installed.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from collab_events.topics import SERVICES, dlq_topic_for, topic_for
from feed_service.config import FeedSettings
from gateway_service.config import Settings as GatewaySettings
from servicekit.auth import generate_key_pair
from servicekit.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "deploy" / "docker" / "service.Dockerfile"
EXISTING = ("profile", "group", "feed", "news", "polling", "notification")
FUTURE = tuple(name for name in SERVICES if name not in EXISTING)
API_PORTS = {name: 8101 + i for i, name in enumerate(SERVICES)}
# The embedded development servers (ARCHITECTURE §8) must never reach a deployment.
DEV_ONLY = re.compile(r"secantus|tansu|localbucket|calfkit|seaweed|rclone", re.IGNORECASE)
# Secrets an operator creates by hand in the dev overlay (deploy/README.md).
HAND_MADE_DEV_SECRETS = {"collab-jwt-public-key"}

Doc = dict[str, Any]


@dataclass(frozen=True)
class Shape:
    """What one overlay must render."""

    overlay: str
    future: bool  # with components/future-services
    settings: dict[str, Any]  # ServiceSettings fields every service container must get
    hpa: tuple[int, int]  # api minReplicas, maxReplicas
    pdb: dict[str, int]
    workers: int
    spread: bool  # topology spread constraints on every Deployment


DEV = {"environment": "development", "topic_partitions": 3, "topic_replication": 1}
PROD = {"environment": "production", "topic_partitions": 12, "topic_replication": 3}
SHAPES = {
    "dev": Shape("dev", False, DEV, (1, 2), {"maxUnavailable": 1}, 1, False),
    "prod": Shape("prod", False, PROD, (3, 20), {"minAvailable": 2}, 3, True),
    "dev+future": Shape("dev", True, DEV, (1, 2), {"maxUnavailable": 1}, 1, False),
    "prod+future": Shape("prod", True, PROD, (3, 20), {"minAvailable": 2}, 3, True),
}


# ---- rendering -------------------------------------------------------------------------


def _kustomize_command() -> list[str]:
    if kubectl := shutil.which("kubectl"):
        return [kubectl, "kustomize"]
    if kustomize := shutil.which("kustomize"):
        return [kustomize, "build"]
    pytest.skip("neither kubectl nor kustomize is on PATH: cannot render deploy/k8s overlays")


def render(directory: Path) -> list[Doc]:
    """Every document `kubectl kustomize <directory>` prints."""
    result = subprocess.run(
        [*_kustomize_command(), str(directory)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def _with_future_services(overlay: str, scratch: Path) -> Path:
    """A copy of deploy/k8s whose overlay lists components/future-services first."""
    tree = scratch / "k8s"
    shutil.copytree(K8S, tree)
    path = tree / "overlays" / overlay / "kustomization.yaml"
    kustomization = yaml.safe_load(path.read_text())
    kustomization["components"] = [
        "../../components/future-services",
        *kustomization.get("components", []),
    ]
    path.write_text(yaml.safe_dump(kustomization))
    return path.parent


class Rendering:
    """One rendered overlay, indexed by kind and name."""

    def __init__(self, name: str, docs: list[Doc], shape: Shape):
        self.name, self.docs, self.shape = name, docs, shape
        self.services = SERVICES if shape.future else EXISTING

    def of_kind(self, kind: str) -> list[Doc]:
        return [doc for doc in self.docs if doc["kind"] == kind]

    def named(self, kind: str, name: str) -> Doc:
        matches = [doc for doc in self.of_kind(kind) if doc["metadata"]["name"] == name]
        assert len(matches) == 1, f"{self.name}: expected one {kind} {name}, got {len(matches)}"
        return matches[0]

    def config(self) -> dict[str, str]:
        (config,) = [
            doc
            for doc in self.of_kind("ConfigMap")
            if doc["metadata"]["name"].startswith("collab-")
        ]
        return dict(config["data"])


@pytest.fixture(scope="module", params=list(SHAPES))
def rendering(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Rendering:
    shape = SHAPES[request.param]
    directory = K8S / "overlays" / shape.overlay
    if shape.future:
        directory = _with_future_services(shape.overlay, tmp_path_factory.mktemp("k8s"))
    return Rendering(request.param, render(directory), shape)


def pod_specs(rendering: Rendering, *kinds: str) -> Iterator[tuple[str, Doc]]:
    """(name, pod spec) of every workload of ``kinds``."""
    for doc in rendering.docs:
        if doc["kind"] in kinds:
            yield doc["metadata"]["name"], doc["spec"]["template"]["spec"]


def _labels(deployment: Doc) -> dict[str, str]:
    return dict(deployment["spec"]["template"]["metadata"]["labels"])


def _selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


# ---- Kubernetes ----------------------------------------------------------------------------


def test_overlay_renders_api_and_worker_for_each_service(rendering: Rendering) -> None:
    names = {doc["metadata"]["name"] for doc in rendering.of_kind("Deployment")}
    expected = {f"{name}-{role}" for name in rendering.services for role in ("api", "worker")}
    assert names == expected | {"gateway-api"}  # the web gateway: no worker


def test_every_pod_is_hardened(rendering: Rendering) -> None:
    for name, pod in pod_specs(rendering, "Deployment", "Job"):
        pod_context = pod.get("securityContext", {})
        assert pod.get("automountServiceAccountToken") is False, name
        tmp_volumes = {v["name"] for v in pod.get("volumes", []) if "emptyDir" in v}
        for container in pod["containers"] + pod.get("initContainers", []):
            where = f"{rendering.name}/{name}/{container['name']}"
            context = container.get("securityContext", {})
            assert context.get("runAsNonRoot", pod_context.get("runAsNonRoot")) is True, where
            assert context.get("runAsUser", pod_context.get("runAsUser")) not in (None, 0), where
            assert context.get("readOnlyRootFilesystem") is True, where
            assert context.get("allowPrivilegeEscalation") is False, where
            assert context.get("privileged", False) is False, where
            assert "ALL" in context.get("capabilities", {}).get("drop", []), where
            seccomp = context.get("seccompProfile", pod_context.get("seccompProfile", {}))
            assert seccomp.get("type") == "RuntimeDefault", where
            for bound in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(container["resources"][bound]), where
            mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
            assert mounts.get("/tmp") in tmp_volumes, f"{where}: /tmp must be an emptyDir"


def test_every_service_container_has_probes(rendering: Rendering) -> None:
    port = int(rendering.config()["COLLAB_HTTP_PORT"])
    for name, pod in pod_specs(rendering, "Deployment"):
        (container,) = pod["containers"]
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports == {"http": port}, name
        assert container["startupProbe"]["httpGet"]["path"] == "/health/live", name
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live", name
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready", name
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            assert container[probe]["httpGet"]["port"] in ("http", port), f"{name} {probe}"
        role = name.rsplit("-", 1)[1]
        assert container["args"] == [role], name


def test_each_api_is_autoscaled_exposed_and_protected(rendering: Rendering) -> None:
    for service in (*rendering.services, "gateway"):
        api = rendering.named("Deployment", f"{service}-api")
        labels = _labels(api)
        assert "replicas" not in api["spec"], f"{service}-api: the HPA owns the replica count"
        hpa = rendering.named("HorizontalPodAutoscaler", f"{service}-api")
        assert hpa["apiVersion"] == "autoscaling/v2"
        assert hpa["spec"]["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": f"{service}-api",
        }
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
        (metric,) = hpa["spec"]["metrics"]
        assert metric["resource"]["name"] == "cpu"
        assert metric["resource"]["target"] == {"type": "Utilization", "averageUtilization": 70}
        pdb = rendering.named("PodDisruptionBudget", f"{service}-api")
        assert _selects(pdb["spec"]["selector"]["matchLabels"], labels)
        svc = rendering.named("Service", f"{service}-api")
        assert _selects(svc["spec"]["selector"], labels)
        assert [p["targetPort"] for p in svc["spec"]["ports"]] == ["http"]


def test_overlay_sizes_and_spreads_as_intended(rendering: Rendering) -> None:
    shape = rendering.shape
    for hpa in rendering.of_kind("HorizontalPodAutoscaler"):
        assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == shape.hpa
    for pdb in rendering.of_kind("PodDisruptionBudget"):
        assert {k: v for k, v in pdb["spec"].items() if k != "selector"} == shape.pdb
    for service in rendering.services:
        assert rendering.named("Deployment", f"{service}-worker")["spec"]["replicas"] == (
            shape.workers
        )
    for name, pod in pod_specs(rendering, "Deployment"):
        keys = {c["topologyKey"] for c in pod.get("topologySpreadConstraints", [])}
        spread = {"topology.kubernetes.io/zone", "kubernetes.io/hostname"}
        assert keys == (spread if shape.spread else set()), name


def test_workers_never_outnumber_partitions(rendering: Rendering) -> None:
    partitions = int(rendering.config()["COLLAB_TOPIC_PARTITIONS"])
    for service in rendering.services:
        worker = rendering.named("Deployment", f"{service}-worker")
        assert 1 <= worker["spec"]["replicas"] <= partitions, f"{service}-worker"
    for hpa in rendering.of_kind("HorizontalPodAutoscaler"):
        assert hpa["spec"]["scaleTargetRef"]["name"].endswith("-api"), "workers scale by hand"


def _container_env(rendering: Rendering, container: Doc) -> dict[str, str]:
    """The environment the kubelet would give ``container`` (secrets resolved when rendered)."""
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        name = source["configMapRef"]["name"]
        env.update(rendering.named("ConfigMap", name)["data"])
    for var in container.get("env", []):
        if "value" in var:
            value = re.sub(r"\$\((\w+)\)", lambda m: env.get(m[1], m[0]), var["value"])
        elif ref := var["valueFrom"].get("secretKeyRef"):
            value = _secret_value(rendering, ref["name"], ref["key"])
        else:
            value = "from-the-downward-api"
        env[var["name"]] = value
    return env


def _secret_value(rendering: Rendering, name: str, key: str) -> str:
    secrets = {doc["metadata"]["name"]: doc for doc in rendering.of_kind("Secret")}
    if name not in secrets:
        assert rendering.shape.overlay != "dev", f"dev overlay lacks the Secret {name}"
        return f"external-{key}"  # production Secrets come from the secret store
    return base64.b64decode(secrets[name]["data"][key]).decode()


def test_service_environment_is_valid_settings(
    rendering: Rendering, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, pod in pod_specs(rendering, "Deployment"):
        if name == "gateway-api":
            continue  # not a service: test_gateway_environment_is_valid_settings
        volumes = {v.get("secret", {}).get("secretName") for v in pod["volumes"]} - {None}
        if rendering.shape.overlay == "dev":
            rendered = {doc["metadata"]["name"] for doc in rendering.of_kind("Secret")}
            assert volumes <= rendered | HAND_MADE_DEV_SECRETS, name
        env = _container_env(rendering, pod["containers"][0])
        settings = _settings_from(env, monkeypatch)
        assert settings.mongo_url.startswith("mongodb://") and "$(" not in settings.mongo_url
        assert settings.http_host == "0.0.0.0", name
        for field, value in rendering.shape.settings.items():
            assert getattr(settings, field) == value, f"{name}: {field}"
        if settings.environment == "production":
            assert settings.kafka_idempotence and settings.topic_replication >= 3, name


def _settings_from(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> ServiceSettings:
    """ServiceSettings read from exactly ``env`` (the test process's own COLLAB_* set aside)."""
    for key in list(os.environ):
        if key.startswith(("COLLAB_", "OTEL_")):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return ServiceSettings()


def test_gateway_environment_is_valid_settings(
    rendering: Rendering, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gateway's settings load; services verify the tokens it mints, by its JWKS."""
    pod = rendering.named("Deployment", "gateway-api")["spec"]["template"]["spec"]
    env = _container_env(rendering, pod["containers"][0])
    for key in list(os.environ):
        if key.startswith(("COLLAB_", "OTEL_")):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    gateway = GatewaySettings()
    config = rendering.config()
    assert (gateway.http_host, gateway.http_port) == ("0.0.0.0", int(config["COLLAB_HTTP_PORT"]))
    assert gateway.environment == rendering.shape.settings["environment"]
    assert gateway.token_issuer == config["COLLAB_JWT_ISSUER"]
    assert gateway.token_audience == config["COLLAB_JWT_AUDIENCE"]
    assert config["COLLAB_JWT_JWKS_URL"] == "http://gateway-api/.well-known/jwks.json"
    assert gateway.service_urls() == {name: f"http://{name}-api" for name in EXISTING}
    key_file = str(gateway.token_private_key_file)
    (mount,) = [
        m for m in pod["containers"][0]["volumeMounts"] if key_file.startswith(m["mountPath"])
    ]
    (volume,) = [v for v in pod["volumes"] if v["name"] == mount["name"]]
    assert volume["secret"]["secretName"].startswith("gateway-token-key")
    if rendering.shape.overlay == "prod":
        assert gateway.public_url.startswith("https://") and gateway.oidc_issuer.startswith(
            "https://"
        )


def test_topic_job_creates_every_service_topic(rendering: Rendering) -> None:
    (job,) = rendering.of_kind("Job")
    (container,) = job["spec"]["template"]["spec"]["containers"]
    env = {var["name"]: var.get("value") for var in container["env"]}
    assert env["SERVICES"].split() == list(SERVICES)
    script = " ".join(container["command"] + container["args"])
    assert topic_for("$service") in script and dlq_topic_for("$service") in script
    for setting in ("COLLAB_TOPIC_PARTITIONS", "COLLAB_TOPIC_REPLICATION"):
        assert f'"${setting}"' in script
    assert "--if-not-exists" in script


def test_images_are_tagged_and_free_of_dev_servers(rendering: Rendering) -> None:
    for name, pod in pod_specs(rendering, "Deployment", "Job"):
        for container in pod["containers"]:
            image = container["image"]
            tag = image.rsplit("/", 1)[-1].partition(":")[2]
            assert tag and tag != "latest", f"{name}: unpinned image {image}"
    assert not DEV_ONLY.search(yaml.safe_dump_all(rendering.docs))


# ---- docker compose ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Doc]:
    services: dict[str, Doc] = yaml.safe_load(COMPOSE_FILE.read_text())["services"]
    return services


def _interpolate(value: str) -> str:
    """Compose's ${VAR:-default} with nothing set: the default."""
    return re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value)


def test_compose_runs_existing_services_and_parks_future_ones(compose: dict[str, Doc]) -> None:
    for name in SERVICES:
        for role in ("api", "worker"):
            service = compose[f"{name}-{role}"]
            assert service.get("profiles") == (["future"] if name in FUTURE else None), name
            assert service["command"] == [role]
            assert service["image"] == f"collab/{name}:dev"
            assert service["build"]["dockerfile"] == "deploy/docker/service.Dockerfile"
            assert service["build"]["args"] == {"SERVICE": name}
        ports = compose[f"{name}-api"]["ports"]
        assert ports == [f"127.0.0.1:{API_PORTS[name]}:8080"], name
        assert "ports" not in compose[f"{name}-worker"]


def test_compose_health_and_start_order(compose: dict[str, Doc]) -> None:
    one_shots = {name for name, s in compose.items() if s.get("restart") == "no"}
    assert one_shots == {"kafka-topics", "mongo-init"}
    for name, service in compose.items():
        if name not in one_shots:
            assert "healthcheck" in service, f"{name} has no healthcheck"
        for dependency, rule in service.get("depends_on", {}).items():
            assert dependency in compose, f"{name} depends on unknown {dependency}"
            wanted = "service_completed_successfully" if dependency in one_shots else None
            wanted = wanted or "service_healthy"
            assert rule["condition"] == wanted, f"{name} -> {dependency}"
    for name in SERVICES:
        for role in ("api", "worker"):
            extra = {"s3"} if name == "feed" else set()  # the feed creates its bucket at start
            assert set(compose[f"{name}-{role}"]["depends_on"]) == one_shots | extra
    assert set(compose["kafka-topics"]["depends_on"]) == {"kafka-1", "kafka-2", "kafka-3"}
    assert set(compose["mongo-init"]["depends_on"]) == {"mongo"}


def test_compose_kafka_matches_production_shape(compose: dict[str, Doc]) -> None:
    brokers = [compose[f"kafka-{n}"]["environment"] for n in (1, 2, 3)]
    assert sorted(b["KAFKA_NODE_ID"] for b in brokers) == ["1", "2", "3"]
    for broker in brokers:
        assert broker["KAFKA_CONTROLLER_QUORUM_VOTERS"].count("@") == 3
        assert broker["KAFKA_DEFAULT_REPLICATION_FACTOR"] == "3"
        assert broker["KAFKA_MIN_INSYNC_REPLICAS"] == "2"
    topics = compose["kafka-topics"]["environment"]
    assert topics["SERVICES"].split() == list(SERVICES)
    service_env = compose["profile-api"]["environment"]
    assert topics["PARTITIONS"] == service_env["COLLAB_TOPIC_PARTITIONS"]
    assert topics["REPLICATION"] == service_env["COLLAB_TOPIC_REPLICATION"] == "3"
    script = " ".join(compose["kafka-topics"]["command"])
    assert topic_for("$$service") in script and dlq_topic_for("$$service") in script
    assert "--replSet" in compose["mongo"]["command"]


def test_compose_service_environment_is_valid_settings(
    compose: dict[str, Doc], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in SERVICES:
        for role in ("api", "worker"):
            service = compose[f"{name}-{role}"]
            env = {k: _interpolate(str(v)) for k, v in service["environment"].items()}
            settings = _settings_from(env, monkeypatch)
            assert settings.kafka_idempotence, "real Kafka supports the idempotent producer"
            assert settings.http_host == "0.0.0.0" and settings.http_port == 8080
            assert service["read_only"] is True and service["cap_drop"] == ["ALL"]
            assert service["secrets"] == ["jwt_public_key"]
            assert str(settings.jwt_public_key_file) == "/run/secrets/jwt_public_key"


def test_compose_feed_reaches_its_s3_with_the_servers_credentials(
    compose: dict[str, Doc], monkeypatch: pytest.MonkeyPatch
) -> None:
    s3 = compose["s3"]
    image, _, tag = s3["image"].partition(":")
    assert image == "minio/minio" and tag.startswith("RELEASE."), "a pinned S3 server"
    server = {k: _interpolate(str(v)) for k, v in s3["environment"].items()}
    host_ports = {p.rsplit(":", 1)[1]: p.rsplit(":", 2)[1] for p in s3["ports"]}
    for role in ("api", "worker"):
        env = {k: _interpolate(str(v)) for k, v in compose[f"feed-{role}"]["environment"].items()}
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        feed = FeedSettings()
        assert feed.s3_endpoint == "http://s3:9000"  # the compose service's S3 API port
        assert feed.s3_public_endpoint == f"http://127.0.0.1:{host_ports['9000']}"
        assert (feed.s3_access_key, feed.s3_secret_key) == (
            server["MINIO_ROOT_USER"],
            server["MINIO_ROOT_PASSWORD"],
        )
        assert compose[f"feed-{role}"]["depends_on"]["s3"] == {"condition": "service_healthy"}
    assert "s3" in yaml.safe_load(COMPOSE_FILE.read_text())["volumes"]


def test_compose_has_no_dev_servers() -> None:
    assert not DEV_ONLY.search(COMPOSE_FILE.read_text())


def _compose_config(compose: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    generate_key_pair(ROOT / ".local" / "keys")  # the secret compose mounts
    return subprocess.run(
        [*argv, "-f", str(compose), "--profile", "future", "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )


def _without_project_name(tmp_path: Path, *, break_it: bool = False) -> Path:
    """The compose file minus its top-level ``name`` (newer than docker-compose 1.29)."""
    document = yaml.safe_load(COMPOSE_FILE.read_text())
    assert document.pop("name") == "collab-hub"
    if break_it:  # an option no Compose version knows
        next(iter(document["services"].values()))["imagee"] = "x"
    copy = ROOT / f".compose-check-{tmp_path.name}.yml"  # beside the original: same paths
    copy.write_text(yaml.safe_dump(document, sort_keys=False))
    return copy


def test_docker_compose_config_accepts_the_file(tmp_path: Path) -> None:
    """docker-compose 1.29 (installed by scripts/test-tools.sh) checks it offline."""
    binary = shutil.which("docker-compose")
    assert binary, "docker-compose is missing: bash scripts/test-tools.sh installs it"
    copy = _without_project_name(tmp_path)
    try:
        result = _compose_config(copy, binary)
        _without_project_name(tmp_path, break_it=True)
        refused = _compose_config(copy, binary)
    finally:
        copy.unlink()
    assert result.returncode == 0, result.stderr
    assert refused.returncode != 0 and "imagee" in refused.stderr  # the check can fail


# ---- service image -------------------------------------------------------------------------


def test_dockerfile_ships_runtime_dependencies_only() -> None:
    lines = DOCKERFILE.read_text().splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in text
    assert "ARG SERVICE" in text and "services/${SERVICE}" in text
    assert "requirements/runtime.txt" in text and "requirements/dev.txt" not in text
    assert "USER 10001:10001" in text
    assert text.count("FROM ") == 2, "multi-stage: wheels, then the runtime image"
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".local", ".venv", "**/tests"} <= set(ignored)
