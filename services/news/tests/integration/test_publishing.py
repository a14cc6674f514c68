"""Channels, editorship and publishing rights, languages, versions and ``as_of``."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from .conftest import EDITOR_ROLES, Api, People, new_id, translations

pytestmark = pytest.mark.integration


async def test_only_admins_create_channels_and_editors_with_the_role_publish(api: Api) -> None:
    editor, outsider = new_id(), new_id()
    refused = await api.call("POST", "/v1/channels", editor, json={"title": "Mine"})
    assert refused.status_code == 403
    channel = await api.channel(editor)
    article = await api.draft(editor, channel)
    url = f"/v1/articles/{article}/publish"
    no_role = await api.call("POST", url, editor)  # editor without the communicator role
    assert no_role.status_code == 403
    not_editor = await api.call("POST", url, outsider, roles=EDITOR_ROLES)
    assert not_editor.status_code == 404  # a draft does not exist for others
    drafting = await api.call(
        "POST",
        "/v1/articles",
        outsider,
        roles=EDITOR_ROLES,
        json={"channel_id": channel, "translations": translations(en="X")},
    )
    assert drafting.status_code == 403
    published = await api.publish(editor, article)
    assert published.json()["version"] == 2
    again = await api.call("POST", url, outsider, roles=EDITOR_ROLES)
    assert again.status_code == 403  # published: it exists, but only editors publish


async def test_channel_patch_with_if_match(api: Api) -> None:
    editor, other = new_id(), new_id()
    channel = await api.channel(editor)
    url = f"/v1/channels/{channel}"
    stale = await api.call("PATCH", url, "admin-1", roles=("admin",), json={"editors": [other]},
                           headers={"If-Match": '"7"'})  # fmt: skip
    assert stale.status_code == 412
    ok = await api.call("PATCH", url, "admin-1", roles=("admin",), json={"editors": [other]},
                        headers={"If-Match": '"1"'})  # fmt: skip
    assert ok.status_code == 200 and ok.headers["ETag"] == '"2"'
    token = ok.headers["Consistency-Token"]
    shown = await api.call("GET", url, editor, headers={"Consistency-Token": token})
    assert shown.json()["editors"] == [other]


async def test_language_fallback_locale_then_language_then_default(
    api: Api, people: People
) -> None:
    editor = new_id()
    austrian = await people.register(new_id(), locale="de-AT")
    swiss_french = await people.register(new_id(), locale="fr-CH")
    briton = await people.register(new_id(), locale="en-GB")
    channel = await api.channel(editor)
    body = {"translations": translations(de="Hallo", de_AT="Servus", en_GB="Hello"),
            "default_language": "de"}  # fmt: skip
    article, token = await api.article(editor, channel, **body)
    served = {}
    for who in (austrian, swiss_french, briton):
        view = (await api.read(article, who, token)).json()
        served[who] = (view["language"], view["title"])
    assert served == {austrian: ("de-AT", "Servus"), swiss_french: ("de", "Hallo"),
                      briton: ("en-GB", "Hello")}  # fmt: skip
    assert (await api.read(article, briton, lang="de-CH")).json()["language"] == "de"
    assert (await api.read(article, briton, lang="en")).json()["language"] == "en-GB"
    assert (await api.read(article, austrian)).json()["available_languages"] == [
        "de", "de-AT", "en-GB"
    ]  # fmt: skip


async def test_versions_and_as_of(api: Api) -> None:
    editor = new_id()
    channel = await api.channel(editor)
    article, token = await api.article(editor, channel)
    await asyncio.sleep(0.05)
    between = datetime.now(UTC).isoformat()
    await asyncio.sleep(0.05)
    patch = {"translations": translations(en="Hello again")}
    edited = await api.call("PATCH", f"/v1/articles/{article}", editor, roles=EDITOR_ROLES,
                            json=patch, headers={"If-Match": '"2"'})  # fmt: skip
    assert edited.status_code == 200, edited.text
    token = edited.headers["Consistency-Token"]
    now = (await api.read(article, editor, token)).json()
    assert (now["version"], now["title"]) == (2, "Hello again")
    then = (await api.read(article, editor, as_of=between)).json()
    assert (then["version"], then["title"]) == (1, "Hello")
    stale = await api.call("PATCH", f"/v1/articles/{article}", editor, roles=EDITOR_ROLES,
                           json=patch, headers={"If-Match": '"2"'})  # fmt: skip
    assert stale.status_code == 412


async def test_editors_list_every_article_of_their_channel(api: Api) -> None:
    editor, reader = new_id(), new_id()
    channel = await api.channel(editor)
    draft = await api.draft(editor, channel)
    published, token = await api.article(editor, channel)
    url, headers = f"/v1/channels/{channel}/articles", {"Consistency-Token": token}
    listed = (await api.call("GET", url, editor, headers=headers)).json()["items"]
    assert [(i["id"], i["status"]) for i in listed] == [(published, "published"), (draft, "draft")]
    drafts = await api.call("GET", url, editor, params={"status": "draft"})
    assert [i["id"] for i in drafts.json()["items"]] == [draft]
    assert (await api.call("GET", url, reader)).status_code == 403
