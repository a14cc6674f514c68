"""Must-reads: acknowledgement per version, stale after a material edit, pinned on top,
reminders once per round and none after acknowledgement, later entrants, analytics."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from collab_events.news import ArticleAcknowledged, ArticleRead, MustReadReminderDue
from collab_events.profile import EmployeeErased
from news_service.app import definition
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService, running_service

from .conftest import EDITOR_ROLES, OPTIONS, Api, People, Upstream, new_id, translations

pytestmark = pytest.mark.integration
MUST = {"must_read": True}


async def pending_ids(api: Api, who: str, token: str | None = None) -> list[str]:
    headers = {"Consistency-Token": token} if token else {}
    response = await api.call("GET", "/v1/me/must-read", who, headers=headers)
    return [item["id"] for item in response.json()["items"]]


async def wait_pending(api: Api, who: str, expected: list[str], timeout_s: float = 20) -> None:
    async def reached() -> bool:
        return await pending_ids(api, who) == expected

    await eventually(reached, timeout_s=timeout_s)


async def test_acknowledgement_per_version_and_stale_after_a_material_edit(
    api: Api, people: People
) -> None:
    editor, reader = new_id(), await people.register(new_id(), locale="de-DE")
    channel = await api.channel(editor)
    other, _ = await api.article(editor, channel)
    body = {**MUST, "translations": translations(en="Policy", de="Richtlinie"),
            "audience": {"include": {"employees": [reader]}}}  # fmt: skip
    article, _ = await api.article(editor, channel, **body)
    await wait_pending(api, reader, [article])
    stream = await api.news(reader, channel=channel)
    assert [(i["id"], i["pending"]) for i in stream["items"]] == [(article, True), (other, False)]
    assert (await api.acknowledge(article, reader, version=2)).status_code == 409
    acked = await api.acknowledge(article, reader)
    assert acked.status_code == 200 and acked.json()["version"] == 1
    assert await pending_ids(api, reader, acked.headers["Consistency-Token"]) == []
    assert (await api.acknowledge(article, reader)).status_code == 200  # a repeat: no change
    await edit(api, editor, article, material=False, title="Policy (typo fixed)")
    assert await pending_ids(api, reader) == []
    token = await edit(api, editor, article, material=True, title="Policy v3")
    assert await pending_ids(api, reader, token) == [article]
    view = (await api.read(article, reader)).json()
    assert (view["version"], view["required_version"], view["pending"]) == (3, 3, True)
    assert view["language"] == "de" and view["acknowledged_version"] == 1
    again = await api.acknowledge(article, reader)
    assert await pending_ids(api, reader, again.headers["Consistency-Token"]) == []
    events = await api_events(api, article, reader)
    acks = [(e.article_version, e.language) for e in events if isinstance(e, ArticleAcknowledged)]
    assert acks == [(1, "de"), (3, "de")]
    assert sum(isinstance(e, ArticleRead) for e in events) == 1


async def edit(api: Api, editor: str, article: str, *, material: bool, title: str) -> str:
    body = {"translations": translations(en=title, de=title), "material": material}
    url = f"/v1/articles/{article}"
    response = await api.call("PATCH", url, editor, roles=EDITOR_ROLES, json=body)
    assert response.status_code == 200, response.text
    return str(response.headers["Consistency-Token"])


async def api_events(api: Api, article: str, reader: str) -> list[Any]:
    store = api.store
    return [r.event for r in await store.load(f"article:{article}/reader:{reader}")]


async def test_reminders_once_per_round_with_two_workers_none_after_acknowledgement(
    api: Api, people: People, service: RunningService
) -> None:
    editor = new_id()
    eager, late = await people.register(new_id()), await people.register(new_id())
    channel = await api.channel(editor)
    body = {**MUST, "remind_every_s": 1, "audience": {"include": {"employees": [eager, late]}}}
    async with running_service(service.runtime.settings, definition(OPTIONS), role="worker"):
        article, _ = await api.article(editor, channel, **body)
        await wait_pending(api, eager, [article])
        await api.acknowledge(article, eager)
        await wait_pending(api, eager, [])
        # Rounds decided before the acknowledgement reached the read model may name eager
        # (one round a second, so under load a few); every later round must not.
        sent = len(await reminder_rounds(service, article))
        await wait_rounds(service, article, sent + 3)
    rounds = await reminder_rounds(service, article)
    assert Counter(number for number, _ in rounds).most_common(1)[0][1] == 1  # one per round
    assert all(late in ids for _, ids in rounds)
    assert not any(eager in ids for _, ids in rounds[sent + 1 :])


async def reminder_rounds(service: RunningService, article: str) -> list[tuple[int, list[str]]]:
    events = await service.runtime.store.load(f"article:{article}/reminders")
    return [(r.event.round, list(r.event.employee_ids)) for r in events
            if isinstance(r.event, MustReadReminderDue)]  # fmt: skip


async def wait_rounds(service: RunningService, article: str, count: int) -> None:
    async def reached() -> bool:
        return len(await reminder_rounds(service, article)) >= count

    await eventually(reached, timeout_s=30)


async def test_people_entering_the_audience_later_are_obliged_from_then_on(
    api: Api, people: People
) -> None:
    editor, mover = new_id(), await people.register(new_id(), country="FR")
    channel = await api.channel(editor)
    article, token = await api.article(
        editor, channel, **MUST, audience={"include": {"countries": ["PT"]}}
    )
    assert await pending_ids(api, mover, token) == []
    await people.move(mover, country="PT")
    await wait_pending(api, mover, [article])


async def test_analytics_equal_a_recount_from_events(
    api: Api, people: People, service: RunningService
) -> None:
    editor = new_id()
    facts = (("DE", "de-DE"), ("DE", "de-AT"), ("ES", "es"), ("ES", "es"))
    readers = [await people.register(new_id(), country=c, locale=lang) for c, lang in facts]
    channel = await api.channel(editor)
    body = {**MUST, "audience": {"include": {"employees": readers}}}
    article, _ = await api.article(editor, channel, **body)
    await wait_pending(api, readers[0], [article])
    await api.read(article, readers[1])
    await api.acknowledge(article, readers[0])
    token = (await api.acknowledge(article, readers[2])).headers["Consistency-Token"]
    reader_view = await api.call("GET", f"/v1/articles/{article}/analytics", readers[0])
    assert reader_view.status_code == 403
    data: dict[str, Any] = {}

    async def counted() -> bool:  # reads and acknowledgements of several streams settle
        url = f"/v1/articles/{article}/analytics"
        data.update(
            (await api.call("GET", url, editor, headers={"Consistency-Token": token})).json()
        )
        return bool(data["total"] == await recount(service, article, len(readers)))

    await eventually(counted)
    assert data["by_country"]["DE"] == {"audience": 2, "read": 2, "acknowledged": 1, "pending": 1}
    assert data["by_language"]["es"]["acknowledged"] == 1
    assert sum(data["readers_per_day"].values()) == 3
    csv = await api.call("GET", f"/v1/articles/{article}/acknowledgements.csv", editor)
    assert sorted(line.split(",")[0] for line in csv.text.splitlines()[1:]) == sorted(
        readers[0:3:2]
    )


async def recount(service: RunningService, article: str, audience: int) -> dict[str, int]:
    events = [
        r.event for r in await service.runtime.store.load_prefix(f"article:{article}/reader:")
    ]
    read = {e.employee_id for e in events if isinstance(e, ArticleRead)}
    acked = {e.employee_id for e in events if isinstance(e, ArticleAcknowledged)}
    return {"audience": audience, "read": len(read), "acknowledged": len(acked),
            "pending": audience - len(acked)}  # fmt: skip


async def test_erasure_keeps_counts_under_an_alias_and_the_id_nowhere_in_read_models(
    api: Api, people: People, service: RunningService, upstream: Upstream
) -> None:
    editor, erased, kept = (
        new_id(),
        await people.register(new_id()),
        await people.register(new_id()),
    )
    channel = await api.channel(editor)
    body = {**MUST, "audience": {"include": {"employees": [erased, kept]}}}
    article, _ = await api.article(editor, channel, **body)
    await wait_pending(api, erased, [article])
    await api.acknowledge(article, erased)
    await wait_pending(api, erased, [])
    before = (await api.call("GET", f"/v1/articles/{article}/analytics", editor)).json()["total"]
    await upstream.publish("profile", f"employee:{erased}", EmployeeErased(employee_id=erased))

    async def gone() -> bool:
        models = service.runtime.models
        if await models["readers"].find_one({"employee_id": erased}):
            return False
        return await models["obliged"].find_one({"employee_ids": erased}) is None

    await eventually(gone)
    after = (await api.call("GET", f"/v1/articles/{article}/analytics", editor)).json()["total"]
    assert after == before == {"audience": 2, "read": 1, "acknowledged": 1, "pending": 1}
    csv = (await api.call("GET", f"/v1/articles/{article}/acknowledgements.csv", editor)).text
    assert erased not in csv and len(csv.splitlines()) == 2
    for name in await service.runtime.db.list_collection_names():
        # The replica's tombstone, the event store and the frozen snapshots keep the id only.
        if name not in ("events", "audience_snapshots", "people") and not name.startswith(
            "applied_"
        ):
            found = await service.runtime.db[name].find_one(
                {"$or": [{"_id": {"$regex": erased}}, {"employee_id": erased}]}
            )
            assert found is None, name
