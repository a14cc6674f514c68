"""``collabctl up``'s demo news: channels and bilingual articles, once however often run."""

from __future__ import annotations

import pytest
from collabctl.seed.news import CHANNELS, seed_news
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import Api, People, new_id

pytestmark = pytest.mark.integration


async def test_seed_publishes_bilingual_news_once(
    api: Api, people: People, service: RunningService, jwt_keys: tuple[str, str]
) -> None:
    editor = await people.register(new_id(), locale="de-DE", country="DE")
    transport = service.client._transport  # the in-process app
    for _ in range(2):
        result = await seed_news("http://test", [editor], private_key_pem=jwt_keys[0],
                                 transport=transport)  # fmt: skip
    channels = (await api.call("GET", "/v1/channels", editor)).json()["items"]
    assert sorted(c["title"] for c in channels) == sorted(CHANNELS.values())
    articles = await service.runtime.store.load_prefix("article:")
    assert sum(r.event.name == "article_published" for r in articles) == result.articles == 3

    async def must_read_first() -> bool:
        items = (await api.news(editor))["items"]
        return len(items) == 3 and items[0]["pending"]

    await eventually(must_read_first)
    assert {item["language"] for item in (await api.news(editor))["items"]} == {"de"}
