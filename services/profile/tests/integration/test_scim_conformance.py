"""scim2-tester, the SCIM standard's own checker, against the profile service: every check.

The service runs in-process on its own database and topics with its worker, as in
production (relay, Kafka, projections). scim2-tester is synchronous, so it runs in a
thread; its requests reach the ASGI app on the test's event loop through a small
transport, with no network in between.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx
import pytest
import pytest_asyncio
from scim2_client import BaseSyncSCIMClient
from scim2_tester import CheckResult, Status, check_server
from servicekit.testing.plugin import TokenFactory
from servicekit.testing.service import RunningService

pytestmark = pytest.mark.integration
BASE_URL = "http://scim.test/scim/v2"
FAILED = (Status.ERROR, Status.CRITICAL, Status.DEVIATION)
CATEGORIES = (
    "service-provider-config",
    "resource-types",
    "schemas",
    "crud:create",
    "crud:read",
    "crud:read:attributes",
    "crud:update",
    "crud:delete",
    "patch:add",
    "patch:remove",
    "patch:replace",
    "misc",
)


class LoopTransport(httpx.BaseTransport):
    """A synchronous transport that hands each request to an ASGI app on another thread's loop."""

    def __init__(self, app: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.asgi, self.loop = httpx.ASGITransport(app=app), loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        future = asyncio.run_coroutine_threadsafe(self._send(request), self.loop)
        return future.result(timeout=60)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self.asgi.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=content)


class ScimClient(BaseSyncSCIMClient):
    """scim2-client's synchronous client over an ``httpx.Client`` (its own engine needs httpx2)."""

    def __init__(self, client: httpx.Client, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.client = client

    def _stays_under_base_url(self, endpoint: str) -> bool:
        url = self.client.build_request("GET", endpoint).url
        base = self.client.base_url
        return url.host == base.host and url.raw_path.startswith(base.raw_path)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.client.request(method, url, **kwargs)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def scim_service(
    start_profile: Callable[..., AbstractAsyncContextManager[RunningService]],
) -> AsyncIterator[RunningService]:
    """A profile service of its own, so the checker sees only the users it creates."""
    async with start_profile(consistency_wait_s=10.0) as running:
        yield running


def describe(results: list[CheckResult]) -> str:
    """One line per check result: status, title, reason."""
    return "\n".join(f"{r.status.name} {r.title}: {(r.reason or '')[:400]}" for r in results)


@pytest.mark.timeout(120)
async def test_scim2_tester_passes_every_check(
    scim_service: RunningService, make_token: TokenFactory
) -> None:
    seed = int(time.time())
    random.seed(seed)  # scim2-tester draws booleans and canonical values from `random`
    app = scim_service.client._transport.app  # type: ignore[attr-defined]
    transport = LoopTransport(app, asyncio.get_running_loop())
    token = make_token("scim-conformance", ["provisioner"])
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(transport=transport, base_url=BASE_URL, headers=headers) as http:
        started = time.monotonic()
        results = await asyncio.to_thread(check_server, ScimClient(http))
        elapsed = time.monotonic() - started
    counts = Counter(r.status.name for r in results)
    print(f"scim2-tester: {len(results)} checks in {elapsed:.1f} s (seed {seed}): {dict(counts)}")
    failed = [r for r in results if r.status in FAILED]
    assert not failed, f"seed {seed}, {len(failed)} of {len(results)} failed:\n{describe(failed)}"
    skipped = [r for r in results if r.status == Status.SKIPPED]
    assert not skipped, f"seed {seed}, skipped:\n{describe(skipped)}"
    passed = {tag for r in results if r.status == Status.SUCCESS for tag in r.tags}
    assert set(CATEGORIES) <= passed, f"no passing check in: {set(CATEGORIES) - passed}"
