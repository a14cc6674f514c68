"""Rebuilt read models equal the incrementally built ones (ARCHITECTURE §5)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from collab_events.news import ArticleReactionRemoved
from collab_events.profile import EmployeeErased
from servicekit.rebuild import rebuild
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import EDITOR_ROLES, Api, People, Upstream, new_id, translations

pytestmark = pytest.mark.integration
NAMES = ("channels", "articles", "readers", "comments", "obliged", "reactions")


async def snapshot(service: RunningService) -> dict[str, list[dict[str, Any]]]:
    db = service.runtime.db
    return {name: await db[name].find().sort("_id", 1).to_list(None) for name in NAMES}


async def test_rebuilt_news_and_obliged_equal_the_live_ones(
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
        return all(v == 0 for p in ("news", "obliged") for v in lag[p].values())

    await eventually(settled, timeout_s=30)
    before = await snapshot(service)
    chunks = [d for d in before["obliged"] if d["article_id"] == article]
    assert {e for d in chunks for e in d["employee_ids"]} == {ann, bob}  # v1 and v2 each
    for name in ("news", "obliged"):
        await rebuild(runtime.settings, projections[name], runtime.models, timeout_s=60)
    after = await snapshot(service)
    for name in NAMES:
        assert after[name] == before[name], name


async def test_a_rebuild_after_an_erasure_brings_back_no_id_and_keeps_the_counts(
    api: Api, people: People, upstream: Upstream, service: RunningService
) -> None:
    editor, erased, ann = new_id(), await people.register(new_id()), await people.register(new_id())
    channel = await api.channel(editor)
    body = {"must_read": True, "audience": {"include": {"employees": [ann, erased]}}}
    article, token = await api.article(editor, channel, **body)
    await api.read(article, erased, token)
    await api.acknowledge(article, erased)
    url = f"/v1/articles/{article}"
    await api.call("POST", f"{url}/comments", erased, json={"text": "Private remark"})
    await api.call("PUT", f"{url}/reactions/me", erased, json={"type": "like"})
    await api.call("PUT", f"{url}/reactions/me", ann, json={"type": "like"})
    await upstream.publish("profile", f"employee:{erased}", EmployeeErased(employee_id=erased))
    runtime = service.runtime
    reaction = f"article:{article}/reaction:{erased}"

    async def erased_everywhere() -> bool:
        last = (await runtime.store.load(reaction))[-1].event
        return isinstance(last, ArticleReactionRemoved) and not await _naming(service, erased)

    await eventually(erased_everywhere, timeout_s=30)
    before = await _counts(service, article)
    assert before == {"readers": 1, "acknowledged": 1, "obligations": 2, "likes": 1, "comments": 0}
    projections = {p.name: p for p in runtime.definition.projections}
    for name in ("news", "obliged"):
        await rebuild(runtime.settings, projections[name], runtime.models, timeout_s=60)
    assert await _naming(service, erased) == []
    assert await _counts(service, article) == before


async def _naming(service: RunningService, employee_id: str) -> list[str]:
    """The news read models (and registries) whose documents hold the id anywhere.

    An article's audience rule may name people (editorial content, not their activity):
    left out here, as an erased person matches no audience.
    """
    db, found = service.runtime.db, []
    rule = {"content": 0, "inc_keys": 0, "exc_keys": 0}
    for name in (*NAMES, "erased_people"):
        async for doc in db[name].find({}, rule if name == "articles" else None):
            if employee_id in json.dumps(doc, default=str):
                found.append(name)
    return found


async def _counts(service: RunningService, article: str) -> dict[str, int]:
    db, mine = service.runtime.db, {"article_id": article}
    return {
        "readers": await db["readers"].count_documents({**mine, "read_at": {"$exists": True}}),
        "acknowledged": await db["readers"].count_documents({**mine, "acknowledged_version": 1}),
        "obligations": len({e async for d in db["obliged"].find(mine) for e in d["employee_ids"]}),
        "likes": await db["reactions"].count_documents({"target": article, "reaction": "like"}),
        "comments": await db["comments"].count_documents({**mine, "deleted": False}),
    }


async def test_setup_drops_the_one_document_per_person_obligations(service: RunningService) -> None:
    """An older release's ``obligations`` collection goes at setup; ``obliged`` (refilled
    from the topic by its own consumer group) is indexed by the people it holds."""
    runtime = service.runtime
    await runtime.db["obligations"].insert_one({"_id": "a-1/e-1", "employee_id": "e-1"})
    projections = {p.name: p for p in runtime.definition.projections}
    for setup in projections["obliged"].setups:
        await setup(runtime.models)
    assert "obligations" not in await runtime.db.list_collection_names()
    indexes = await runtime.db["obliged"].index_information()
    assert any(spec["key"] == [("employee_ids", 1)] for spec in indexes.values())
