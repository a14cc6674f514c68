"""Audiences over current facts: each rule kind, exclusions, whole company, moving country;
the reader's stream (channel filter, cursors, search) and 404 outside the audience."""

from __future__ import annotations

from typing import Any

import pytest
from news_service.projections.names import ARTICLES
from news_service.queries import hints, stream
from servicekit.testing.service import RunningService

from .conftest import Api, People, new_id, translations

pytestmark = pytest.mark.integration


async def visible(api: Api, article: str, who: str, token: str | None = None) -> bool:
    status = (await api.read(article, who, token)).status_code
    assert status in (200, 404)
    return status == 200


def audience(**include: list[str]) -> dict[str, Any]:
    return {"audience": {"include": include}}


async def test_each_rule_kind_and_exclusions(api: Api, people: People) -> None:
    editor = new_id()
    spaniard = await people.register(new_id(), country="es", department="Finance")
    berliner = await people.register(new_id(), country="DE", location="Berlin", languages=["de-DE"])
    named, grouped = await people.register(new_id()), await people.register(new_id())
    team = await people.group(grouped)
    everyone = (spaniard, berliner, named, grouped)
    channel = await api.channel(editor)
    rules = {
        "country": (audience(countries=["ES"]), {spaniard}),
        "department": (audience(departments=["finance "]), {spaniard}),
        "location": (audience(locations=["berlin"]), {berliner}),
        "language": (audience(languages=["de"]), {berliner}),
        "group": (audience(groups=[team]), {grouped}),
        "employee": (audience(employees=[named]), {named}),
        "any list": (audience(countries=["ES"], employees=[named]), {spaniard, named}),
        "whole company": ({}, set(everyone)),
        "exclusion": ({"audience": {"exclude": {"countries": ["ES", "DE"]}}}, {named, grouped}),
    }
    for name, (body, readers) in rules.items():
        article, token = await api.article(editor, channel, **body)
        seen = {who for who in everyone if await visible(api, article, who, token)}
        assert seen == readers, name


async def test_the_stream_reads_a_readers_groups_only_for_articles_that_name_groups(
    api: Api, people: People
) -> None:
    editor, outsider = new_id(), await people.register(new_id())
    member = await people.register(new_id())
    team = await people.group(member)
    channel = await api.channel(editor)
    for_team, _ = await api.article(editor, channel, **audience(groups=[team]))
    not_team, _ = await api.article(editor, channel, audience={"exclude": {"groups": [team]}})
    everyone, token = await api.article(editor, channel)

    async def stream(who: str, token: str | None = token) -> list[str]:
        return [i["id"] for i in (await api.news(who, token, channel=channel))["items"]]

    assert await stream(member) == [everyone, for_team]
    assert await stream(outsider) == [everyone, not_team]
    assert await stream(member, None) == [everyone, for_team]  # the shared range too
    # A page of articles that name no group needs no groups; the next page still honours them.
    page = await api.news(member, token, channel=channel, limit=1)
    assert [i["id"] for i in page["items"]] == [everyone]
    rest = await api.news(member, token, channel=channel, cursor=page["next_cursor"])
    assert [i["id"] for i in rest["items"]] == [for_team]


async def test_a_reader_who_moves_sees_the_news_of_their_new_country(
    api: Api, people: People
) -> None:
    editor, mover = new_id(), await people.register(new_id(), country="DE")
    channel = await api.channel(editor)
    spain, token = await api.article(editor, channel, **audience(countries=["ES"]))
    assert not await visible(api, spain, mover, token)
    assert spain not in [i["id"] for i in (await api.news(mover, channel=channel))["items"]]
    await people.move(mover, country="ES")
    assert await visible(api, spain, mover)
    assert [i["id"] for i in (await api.news(mover, channel=channel))["items"]] == [spain]


async def test_stream_pages_newest_first_and_searches_every_language(
    api: Api, people: People
) -> None:
    editor, reader = new_id(), await people.register(new_id(), locale="en")
    channel = await api.channel(editor)
    ids = []
    for n in range(5):
        body = {"translations": translations(en=f"Update {n}", de=f"Neuigkeit {n} Größe")}
        article, token = await api.article(editor, channel, **body)
        ids.append(article)
    seen, cursor = [], None
    while True:
        params = {"channel": channel, "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = await api.news(reader, token, **params)
        seen += [item["id"] for item in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == ids[::-1]
    found = await api.news(reader, q="grosse neuig", channel=channel)
    assert len(found["items"]) == 5 and found["items"][0]["language"] == "en"
    assert (await api.news(reader, q="Neuigkeit 3", channel=channel))["items"][0]["id"] == ids[3]
    assert (await api.news(reader, q="nothing-like-it", channel=channel))["items"] == []


async def test_drafts_and_unpublished_articles_are_invisible_to_readers(
    api: Api, people: People
) -> None:
    editor, reader = new_id(), await people.register(new_id())
    channel = await api.channel(editor)
    draft = await api.draft(editor, channel)
    assert (await api.read(draft, reader)).status_code == 404
    article, token = await api.article(editor, channel)
    assert await visible(api, article, reader, token)
    url = f"/v1/articles/{article}/unpublish"
    withdrawn = await api.call("POST", url, editor, roles=("communicator",))
    assert withdrawn.status_code == 200
    token = withdrawn.headers["Consistency-Token"]
    assert not await visible(api, article, reader, token)
    assert (await api.news(reader, token, channel=channel))["items"] == []


async def test_a_sparse_audience_pages_through_every_range_without_loss_or_repeat(
    api: Api, people: People
) -> None:
    """Articles are read by index range and the audience checked in the service: a reader
    who may see 3 of 12 articles gets exactly those, newest first, at any page size."""
    editor = new_id()
    reader = await people.register(new_id(), country="IS")
    await people.register(new_id(), country="MT")
    channel = await api.channel(editor)
    mine, token = [], None
    for n in range(12):
        country = "IS" if n in (2, 7, 11) else "MT"
        article, token = await api.article(editor, channel, **audience(countries=[country]))
        if country == "IS":
            mine.append(article)
    for limit in (1, 2, 5):
        for narrowed in ({"channel": channel}, {}):
            seen, cursor = [], None
            while True:
                params = {"limit": limit, **narrowed, **({"cursor": cursor} if cursor else {})}
                page = await api.news(reader, token, **params)
                seen += [item["id"] for item in page["items"]]
                if not (cursor := page["next_cursor"]):
                    break
            assert len(seen) == len(set(seen)), (limit, narrowed)
            assert [a for a in seen if a in mine] == mine[::-1], (limit, narrowed)
            if narrowed:
                assert seen == mine[::-1]


async def test_range_hints_add_newer_keys_and_a_full_reread_drops_unpublished_ones(
    api: Api, service: RunningService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between full rereads the hints only add keys above the newest held; a reread, in
    chunks between the held keys, drops the key of an article no longer published."""
    monkeypatch.setattr(hints, "KEPT", 4)
    monkeypatch.setattr(hints, "CHUNK", 2)
    editor = new_id()
    channel = await api.channel(editor)
    for _ in range(5):
        _, token = await api.article(editor, channel)
    await api.news(editor, token)  # the read model holds them
    models = service.runtime.models

    async def published() -> list[str]:
        found = models[ARTICLES].find({"status": "published"}, {"sort": 1})
        return sorted([doc["sort"] async for doc in found])

    known = hints.SortHints()
    await known.refresh(models)
    assert known.keys == (await published())[-4:]
    newest, token = await api.article(editor, channel)
    await api.news(editor, token)
    known.at = float("-inf")
    await known.refresh(models)
    assert known.keys == (await published())[-4:]
    held, newest_key = list(known.keys), known.keys[-1]
    withdrawn = await api.call(
        "POST", f"/v1/articles/{newest}/unpublish", editor, roles=("communicator",)
    )
    await api.news(editor, withdrawn.headers["Consistency-Token"])
    known.at = float("-inf")
    await known.refresh(models)
    assert known.keys == held  # only newer keys are added between rereads
    known.at = known.full_at = float("-inf")
    await known.refresh(models)
    assert known.keys == [key for key in held if key != newest_key]
    assert known.keys == [key for key in await published() if key >= held[0]]


async def test_first_pages_share_the_newest_range_until_it_is_old_and_a_token_reads_fresh(
    api: Api, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Readers without a Consistency-Token may get the process's recent read of the newest
    articles (the read model trails the events by about as much); a token always reads the
    read model, and a shared read older than ``SHARED_S`` is read again."""
    monkeypatch.setattr(stream, "SHARED_S", 600.0)
    # The range bounds come from this database's newest keys, read once below and then kept
    # (a process may hold keys of another test's database under the same name).
    monkeypatch.setattr(hints, "FRESH_S", 600.0)
    monkeypatch.setattr(hints, "_HINTS", {})
    monkeypatch.setattr(stream, "_SHARED", {})  # none of the earlier tests' shared reads
    editor, reader = new_id(), await people.register(new_id())
    channel, elsewhere = await api.channel(editor), await api.channel(editor)
    await api.article(editor, elsewhere)  # two keys at least: pages of 1 read bounded ranges
    first, token = await api.article(editor, channel)

    async def shown(token: str | None = None) -> list[str]:
        page = await api.news(reader, token, channel=channel, limit=1)
        return [item["id"] for item in page["items"]]

    assert await shown(token) == [first]
    assert await shown() == [first]
    second, token = await api.article(editor, channel)
    assert await shown(token) == [second]
    assert await shown() == [first]  # the shared range, read before the second was published
    monkeypatch.setattr(stream, "SHARED_S", 0.0)
    assert await shown() == [second]
