"""Rebuilt read models equal the incrementally built ones (ARCHITECTURE §5)."""

from __future__ import annotations

from typing import Any

import pytest
from servicekit.rebuild import rebuild
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import EDITOR_ROLES, Api, People, new_id, translations

pytestmark = pytest.mark.integration
NAMES = ("channels", "articles", "readers", "comments", "obligations")


async def snapshot(service: RunningService) -> dict[str, list[dict[str, Any]]]:
    db = service.runtime.db
    return {name: await db[name].find().sort("_id", 1).to_list(None) for name in NAMES}


async def test_rebuilt_news_and_obligations_equal_the_live_ones(
    api: Api, people: People, service: RunningService
) -> None:
    editor, ann, bob = new_id(), await people.register(new_id()), await people.register(new_id())
    channel = await api.channel(editor)
    body = {"must_read": True, "audience": {"include": {"employees": [ann, bob]}}}
    article, token = await api.article(editor, channel, **body)
    patch = {"translations": translations(en="Hello v2"), "material": True}
    await api.call("PATCH", f"/v1/articles/{article}", editor, roles=EDITOR_ROLES, json=patch)
    await api.read(article, bob, token)
    await api.acknowledge(article, ann)
    url = f"/v1/articles/{article}/comments"
    await api.call("POST", url, ann, json={"text": "Noted"}, headers={"Consistency-Token": token})
    draft = await api.draft(editor, channel)
    await api.call("POST", f"/v1/articles/{draft}/archive", editor, roles=EDITOR_ROLES)
    runtime = service.runtime
    projections = {p.name: p for p in runtime.definition.projections}

    async def settled() -> bool:
        lag = await runtime.lag.refresh()
        return all(v == 0 for p in ("news", "obligations") for v in lag[p].values())

    await eventually(settled, timeout_s=30)
    before = await snapshot(service)
    assert len([d for d in before["obligations"] if d["article_id"] == article]) == 2
    for name in ("news", "obligations"):
        await rebuild(runtime.settings, projections[name], runtime.models, timeout_s=60)
    after = await snapshot(service)
    for name in NAMES:
        assert after[name] == before[name], name
