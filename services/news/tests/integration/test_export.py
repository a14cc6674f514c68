"""Download my data: the caller's authored articles (every version's titles), comments,
reactions, reads, acknowledgements, obligations, channels and replica facts, nobody else's;
an unknown employee gets empty sections; no token, 401."""

from __future__ import annotations

from typing import Any

import pytest
from servicekit.testing.kafka import eventually

from .conftest import EDITOR_ROLES, Api, People, new_id, translations

pytestmark = pytest.mark.integration


async def export(api: Api, who: str) -> dict[str, Any]:
    response = await api.call("GET", "/v1/me/export", who)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def comment(api: Api, article: str, who: str, text: str, token: str) -> tuple[str, str]:
    url, headers = f"/v1/articles/{article}/comments", {"Consistency-Token": token}
    response = await api.call("POST", url, who, json={"text": text}, headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"]), str(response.headers["Consistency-Token"])


async def react(api: Api, url: str, who: str, kind: str, token: str) -> str:
    headers = {"Consistency-Token": token}
    response = await api.call("PUT", f"{url}/reactions/me", who, json={"type": kind},
                              headers=headers)  # fmt: skip
    assert response.status_code == 200, response.text
    return str(response.headers["Consistency-Token"])


async def test_export_holds_exactly_my_records(api: Api, people: People) -> None:
    me = await people.register(new_id(), country="DE", locale="de-DE")
    other = await people.register(new_id(), country="FR")
    channel = await api.channel(me, other)
    mine, _ = await api.article(me, channel, translations=translations(en="Mine", de="Meins"))
    patch = {"translations": translations(en="Mine again", de="Wieder meins")}
    edited = await api.call("PATCH", f"/v1/articles/{mine}", me, roles=EDITOR_ROLES,
                            json=patch, headers={"If-Match": '"2"'})  # fmt: skip
    assert edited.status_code == 200, edited.text
    theirs, token = await api.article(other, channel, must_read=True)
    assert (await api.read(theirs, me, token)).status_code == 200
    acked = await api.acknowledge(theirs, me)
    assert acked.status_code == 200, acked.text
    theirs_comment, their_token = await comment(api, theirs, other, "Their words", token)
    my_comment, my_token = await comment(api, theirs, me, "My words", token)
    url = f"/v1/articles/{theirs}"
    await react(api, url, other, "like", token)
    await react(api, url, me, "celebrate", token)
    await react(api, f"{url}/comments/{theirs_comment}", me, "insightful", their_token)
    await react(api, f"{url}/comments/{my_comment}", other, "support", my_token)

    async def complete() -> bool:
        got = await export(api, me)
        return len(got["reactions"]) == 2 and len(got["must_read_obligations"]) == 1

    await eventually(complete)
    got = await export(api, me)
    assert got["employee_id"] == me
    assert got["known_facts"]["country"] == "DE" and got["known_facts"]["locale"] == "de-DE"
    assert got["channels"] == [
        {"id": channel, "title": "Group news", "editor": True, "created_by_me": False}
    ]
    [article] = got["authored_articles"]
    assert (article["id"], article["status"], article["version"]) == (mine, "published", 2)
    assert article["titles"] == {"en": "Mine again", "de": "Wieder meins"}
    assert [(v["version"], v["titles"]) for v in article["versions"]] == [
        (1, {"de": "Meins", "en": "Mine"}), (2, {"de": "Wieder meins", "en": "Mine again"})
    ]  # fmt: skip
    assert [(c["id"], c["article_id"], c["text"]) for c in got["comments"]] == [
        (my_comment, theirs, "My words")
    ]
    assert sorted((r["comment_id"] or "", r["reaction"]) for r in got["reactions"]) == [
        ("", "celebrate"), (theirs_comment, "insightful")
    ]  # fmt: skip
    [reading] = got["readings"]
    assert (reading["article_id"], reading["read_version"], reading["acknowledged_version"]) == (
        theirs, 1, 1
    )  # fmt: skip
    assert reading["read_at"] and reading["acknowledged_at"]
    assert [o["article_id"] for o in got["must_read_obligations"]] == [theirs]
    assert other not in str(got), "another person's id leaked into my export"


async def test_unknown_employee_gets_empty_sections(api: Api) -> None:
    got = await export(api, new_id())
    assert got["known_facts"] is None
    empty = ("groups", "channels", "authored_articles", "comments", "reactions", "readings")
    assert all(got[section] == [] for section in empty)
    assert got["must_read_obligations"] == []


async def test_export_needs_a_token(api: Api) -> None:
    assert (await api.client.get("/v1/me/export")).status_code == 401
