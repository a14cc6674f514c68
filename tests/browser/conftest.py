"""Browser journeys: the whole platform as ``collabctl up`` runs it, driven through Debian's
chromium by Playwright.

One platform per session, in its own COLLAB_HOME with free ports for S3, Kafka and
MongoDB (the services, the gateway and the IdP have the stack's fixed ports), stopped by
the pids it recorded. Each journey gets fresh browser contexts (one per person) and is
bounded in time (``JOURNEY_TIMEOUT_S``) and by Playwright's per-action timeout; pages
are saved as screenshots under ``test-artifacts/browser/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from collabctl.runstate import live_processes, load_state
from playwright.async_api import Browser, BrowserContext, Page, Route, async_playwright, expect
from servicekit.embedded import free_port
from servicekit.processes import log_tail, stop_pid
from servicekit.testing.leaving import leave_if_done, stop_when_leaving

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
UP_TIMEOUT_S = 600  # collabctl up seeds the demo organisation: minutes on a loaded machine
# The seed waits a bounded time for the services' replicas; on a machine that busy it can
# give up (collabctl up then stops the stack), and starting again resumes it.
UP_RETRIES = 2
ACTION_TIMEOUT_MS = 20_000
JOURNEY_TIMEOUT_S = 180
LOCAL = "http://127.0.0.1:"
expect.set_options(timeout=ACTION_TIMEOUT_MS)  # assertions wait as long as actions


@dataclass(frozen=True)
class Platform:
    """The running stack: where the gateway and the IdP answer, and its processes."""

    home: Path
    gateway: str
    idp: str
    services: dict[str, str]
    pids: dict[str, int]


def chromium_path() -> str:
    """Debian's chromium (scripts/test-tools.sh installs it); COLLAB_CHROMIUM overrides."""
    found = os.environ.get("COLLAB_CHROMIUM") or shutil.which("chromium")
    if not found:
        pytest.fail("chromium is missing: run scripts/test-tools.sh (apt-get install chromium)")
    return found


def _collabctl() -> str:
    return str(Path(sys.executable).with_name("collabctl"))


def _up(home: Path, ports: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLLAB_HOME": str(home)}
    argv = [_collabctl(), "up", *ports]
    return subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=UP_TIMEOUT_S, check=False
    )


def _stop(home: Path) -> None:
    """Stop every process the stack recorded, by pid, in reverse start order."""
    for _name, pid in reversed(list(live_processes(home / ".local").items())):
        stop_pid(pid, timeout=15.0)


def _logs(home: Path) -> str:
    logs = sorted((home / ".local" / "logs").glob("*.log"))
    return "\n".join(f"--- {p.name}\n{log_tail(p, 15)}" for p in logs)


def _platform(home: Path) -> Platform:
    urls = {name: address for name, (_, address) in load_state(home / ".local" / "run").items()}
    if "gateway" not in urls or "idp" not in urls:
        pytest.fail(f"the stack has no gateway or IdP: {sorted(urls)}")
    pids = live_processes(home / ".local")
    return Platform(home, urls["gateway"], urls["idp"], urls, pids)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """The platform stops once the last journey is done, not at the end of the session."""
    leave_if_done(Path(__file__).parent, nextitem)


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """``collabctl up`` (every service, the gateway, the IdP, the demo seed); stopped at end.

    ``COLLAB_BROWSER_STACK=<COLLAB_HOME>`` runs the journeys against a stack already up
    there instead (left running).
    """
    if running := os.environ.get("COLLAB_BROWSER_STACK"):
        yield _platform(Path(running))
        return
    home = tmp_path_factory.mktemp("platform")
    ports = [f"--{name}-port={free_port()}" for name in ("kafka", "mongo", "s3")]
    try:
        done = _up(home, ports)
        for _retry in range(UP_RETRIES):  # the demo seed is idempotent: a rerun resumes it
            if done.returncode == 0:
                break
            done = _up(home, ports)
        if done.returncode != 0:
            pytest.fail(f"collabctl up failed:\n{done.stdout}\n{done.stderr}\n{_logs(home)}")
        stop_when_leaving(Path(__file__).parent, lambda: _stop(home))
        yield _platform(home)
    finally:
        _stop(home)


@pytest_asyncio.fixture(loop_scope="session", scope="session")
async def browser() -> AsyncIterator[Browser]:
    """One headless chromium for the session."""
    args = ["--no-sandbox"] if os.geteuid() == 0 else []  # root (CI) cannot use the sandbox
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=chromium_path(), args=args)
        try:
            yield chromium
        finally:
            await chromium.close()


class People:
    """One browser context per person (own cookies and storage), closed after the journey."""

    def __init__(self, browser: Browser, platform: Platform) -> None:
        self.browser, self.platform = browser, platform
        self.contexts: list[BrowserContext] = []

    async def page(self, locale: str = "en-US") -> Page:
        """A new person's first tab."""
        context = await self.browser.new_context(
            locale=locale, viewport={"width": 1100, "height": 900}, base_url=self.platform.gateway
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        await context.route(lambda url: not url.startswith(LOCAL), _refuse)  # offline: no CDN
        self.contexts.append(context)
        return await context.new_page()

    async def signed_in(self, user_name: str, locale: str = "en-US") -> Page:
        """A page of ``user_name`` signed in through the IdP's form."""
        page = await self.page(locale)
        await sign_in(page, self.platform.gateway, user_name)
        # The UI starts in the employee's own language; journeys start from English.
        if await page.locator("html").get_attribute("lang") != "en":
            await page.locator("#locale-switch").select_option("en")
            await expect(page.locator("html")).to_have_attribute("lang", "en")
        return page

    async def close(self) -> None:
        """Close every context of the journey."""
        for context in self.contexts:
            await context.close()


@pytest_asyncio.fixture(loop_scope="session")
async def people(browser: Browser, platform: Platform) -> AsyncIterator[People]:
    """Browser contexts for the people of one journey."""
    crowd = People(browser, platform)
    try:
        yield crowd
    finally:
        await crowd.close()


async def _refuse(route: Route) -> None:
    await route.abort()


async def sign_in(page: Page, gateway: str, user_name: str) -> None:
    """Gateway → IdP's form (type the demo userName, authorize) → the gateway, signed in."""
    await page.goto("/signin")
    await page.locator("input[name=sub]").fill(user_name)
    await page.get_by_role("button", name="Authorize").click()
    await page.wait_for_url(lambda url: url.startswith(gateway))
    await page.locator("form[action='/logout']").wait_for()


async def shot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as ``test-artifacts/browser/<name>.png``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path
