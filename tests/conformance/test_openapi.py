"""Every service's OpenAPI document, checked by schemathesis against the running service.

Each service runs as its own process on the session's Kafka and MongoDB; schemathesis
sends generated requests (examples, coverage and fuzzing phases, valid and invalid
data) to every operation of the document the service serves, once per caller (an
employee and an admin; SCIM's routes as their provisioner and as an employee, who is
refused). Every check is on: no 5xx, every status code, media type, header and body as
documented, invalid data refused, valid data accepted (documented decisions aside,
``servicekit.testing.openapi_checks``), 401 without the token. Bounded by examples per
operation and a deadline per example.

A new service adds itself to ``TARGETS``.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import hypothesis
import pytest
import schemathesis
from servicekit.auth import mint_token
from servicekit.testing.conformance import (
    EMPLOYEE,
    ConformanceTarget,
    ServedService,
    answered,
    key_pair,
    openapi_document,
    served_service,
)
from servicekit.testing.openapi_checks import CHECKS, drop_unsatisfied_headers, schemathesis_config

pytestmark = pytest.mark.integration

SEED = 20260301
MAX_EXAMPLES = 25
DEADLINE_MS = 30_000  # per example: bounds the run; a busy 2-core machine can take seconds
# Checks of the generator, not of the service: SCIM PATCH bodies (a grammar per path, with
# length limits) make schemathesis draw and discard many candidates for some seeds, and the
# hash seed of the run picks which. The examples per operation still bound the run.
GENERATOR_HEALTH = [hypothesis.HealthCheck.filter_too_much]
SCIM = r"^/scim/"
TARGETS = [
    ConformanceTarget("profile", exclude=SCIM),
    ConformanceTarget("group"),
    # The live stream never ends by itself: tests/integration and the feed tests check it.
    ConformanceTarget("feed", exclude=r"/stream$"),
    ConformanceTarget("polling"),
    ConformanceTarget("news"),
    ConformanceTarget("notification", exclude=r"/stream$"),
    ConformanceTarget(
        "profile",
        label="profile_scim",
        include=SCIM,
        # anyone without the role provisioner is refused (403), as documented
        callers={"provisioner": ("idp-conformance", ("provisioner",)), "employee": EMPLOYEE},
    ),
]
# Tokens are needed when the tests are built, before any fixture runs: the services under
# test trust this module's own key.
PRIVATE_KEY, PUBLIC_KEY = key_pair()
Serve = Callable[[str], ServedService]


def document_of(name: str) -> dict[str, object]:
    """The OpenAPI document of a service, from its own definition."""
    return openapi_document(importlib.import_module(f"{name}_service.app").definition())


@pytest.fixture(scope="module")
def serve(
    request: pytest.FixtureRequest, mongo_url: str, kafka_bootstrap: str, test_log_dir: Path
) -> Iterator[Serve]:
    """Start each service once per module, on first use; report and stop them at the end."""
    running: dict[str, ServedService] = {}
    with contextlib.ExitStack() as stack:

        def get(name: str) -> ServedService:
            if name not in running:
                running[name] = stack.enter_context(
                    served_service(
                        name,
                        mongo_url=mongo_url,
                        kafka_bootstrap=kafka_bootstrap,
                        public_key=PUBLIC_KEY,
                        log_dir=test_log_dir,
                    )
                )
            return running[name]

        yield get
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            for name, service in running.items():
                print(f"\nschemathesis -> {name}: answered {answered(service.base_url)}")


# Which service each generated test checks, so it can be started before the timed examples.
SERVICE_OF: dict[str, str] = {}


@pytest.fixture(autouse=True)
def started_before_the_deadline(request: pytest.FixtureRequest, serve: Serve) -> None:
    """Start the service under test outside the per-example deadline: a start on a busy
    machine may take longer than one example is allowed to."""
    name = SERVICE_OF.get(getattr(request.node, "originalname", ""))
    if name:
        serve(name)


def conformance_test(target: ConformanceTarget, caller: str) -> Callable[..., None]:
    """The schemathesis test of one target and caller: one pytest item per operation."""
    sub, roles = target.callers[caller]
    token = mint_token(PRIVATE_KEY, sub=sub, roles=roles, ttl_s=3600)
    config = schemathesis_config(seed=SEED, max_examples=MAX_EXAMPLES, bearer=token)
    schema = schemathesis.openapi.from_dict(
        document_of(target.name), config=schemathesis.Config.from_dict(config)
    )
    if target.include:
        schema = schema.include(path_regex=target.include)
    if target.exclude:
        schema = schema.exclude(path_regex=target.exclude)

    @schema.parametrize()
    @hypothesis.settings(deadline=DEADLINE_MS, suppress_health_check=GENERATOR_HEALTH)
    def test(case: schemathesis.Case, serve: Serve) -> None:
        drop_unsatisfied_headers(case)
        case.call_and_validate(base_url=serve(target.name).base_url, **CHECKS)

    return test


for _target in TARGETS:
    for _caller in _target.callers:
        _test_name = f"test_{_target.title}_openapi_as_{_caller}"
        SERVICE_OF[_test_name] = _target.name
        globals()[_test_name] = conformance_test(_target, _caller)


@pytest.mark.parametrize("name", sorted({t.name for t in TARGETS}))
def test_the_checked_document_is_the_served_one(name: str, serve: Serve) -> None:
    served = httpx.get(f"{serve(name).base_url}/openapi.json", timeout=10).json()
    assert served == document_of(name)
