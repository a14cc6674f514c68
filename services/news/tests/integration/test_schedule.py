"""Scheduled publishing: published once at ``publish_at`` with two workers running, and
by a worker started after the moment passed (a restart across it)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from news_service.app import definition
from news_service.config import NewsOptions
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService, running_service

from .conftest import EDITOR_ROLES, OPTIONS, Api, new_id

pytestmark = pytest.mark.integration


def soon(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat()


async def schedule(api: Api, editor: str, article: str, at: str) -> None:
    url = f"/v1/articles/{article}/publish"
    response = await api.call("POST", url, editor, roles=EDITOR_ROLES, json={"publish_at": at})
    assert response.status_code == 200, response.text


async def wait_published(api: Api, article: str, editor: str) -> None:
    async def published() -> bool:
        return (await api.read(article, editor)).json()["status"] == "published"

    await eventually(published, timeout_s=30)


async def kinds(service: RunningService, article: str) -> Counter[str]:
    return Counter(r.event.name for r in await service.runtime.store.load(f"article:{article}"))


async def test_published_once_with_two_workers(api: Api, service: RunningService) -> None:
    editor = new_id()
    channel = await api.channel(editor)
    article = await api.draft(editor, channel)
    past = await api.call("POST", f"/v1/articles/{article}/publish", editor, roles=EDITOR_ROLES,
                          json={"publish_at": soon(-5)})  # fmt: skip
    assert past.status_code == 422
    async with running_service(service.runtime.settings, definition(OPTIONS), role="worker"):
        await schedule(api, editor, article, soon(1.5))
        assert (await api.read(article, editor)).json()["status"] == "scheduled"
        await wait_published(api, article, editor)
    assert await kinds(service, article) == Counter(
        article_drafted=1, article_scheduled=1, article_published=1
    )


async def test_a_worker_started_after_the_moment_publishes(
    api: Api, service: RunningService
) -> None:
    editor = new_id()
    channel = await api.channel(editor)
    article = await api.draft(editor, channel)
    await schedule(api, editor, article, soon(2))  # in the future even on a loaded machine
    late = NewsOptions(timer_interval_s=0.2)
    # The module's own worker publishes too; the late one finds it done or does it once.
    async with running_service(service.runtime.settings, definition(late), role="worker"):
        await wait_published(api, article, editor)
    assert (await kinds(service, article))["article_published"] == 1
