"""Pages rendered from real data: a request-only group, a post with a mention, comments,
reactions, people search, profile and follow — every step through the gateway's forms."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest
from servicekit.testing.kafka import eventually

from .conftest import Stack, csrf_of, provision, sign_in

pytestmark = pytest.mark.integration


async def submit(
    http: httpx.AsyncClient, url: str, page: httpx.Response, **form: str
) -> httpx.Response:
    """POST a form the way the page's browser would (with the page's CSRF token)."""
    return await http.post(url, data={"csrf_token": csrf_of(page), **form})


async def test_group_post_mention_comment_reaction_and_follow(stack: Stack) -> None:
    gw = stack.gateway
    async with (
        httpx.AsyncClient(timeout=15, follow_redirects=True) as owner,
        httpx.AsyncClient(timeout=15, follow_redirects=True) as joiner,
    ):
        owner_id, owner_name = await provision(owner, stack, "Olga", "Owner")
        _, joiner_name = await provision(joiner, stack, "Jonas", "Joiner")
        home = await sign_in(owner, gw, owner_name)
        created = await submit(
            owner, f"{gw}/groups", home, name="Gateway Crew", join_policy="request"
        )
        assert created.status_code == 200 and "Group created." in created.text, created.text[:800]
        group_url = str(created.url)
        assert "<h1>Gateway Crew</h1>" in created.text

        joiner_home = await sign_in(joiner, gw, joiner_name)
        group_page = await joiner.get(group_url)
        assert "Ask to join" in group_page.text
        asked = await submit(joiner, f"{group_url}/join", group_page)
        assert "Your request to join was sent." in asked.text
        assert "waiting for approval" in asked.text

        owners_view = await owner.get(group_url)
        assert "Join requests" in owners_view.text and "Jonas Joiner" in owners_view.text
        approve = re.search(r'action="(/groups/[^"]+/requests/[^"]+/approve)"', owners_view.text)
        assert approve
        approved = await submit(owner, f"{gw}{approve.group(1)}", owners_view)
        assert "Request approved." in approved.text

        member_view = await joiner.get(group_url)
        assert "You are a member" in member_view.text
        text = f"Hello @{owner_name} and welcome #GatewayLaunch"

        async def posted() -> bool:  # until the feed's replicas know the new membership
            answer = await submit(
                joiner, f"{gw}/posts", member_view, text=text, group_id=group_url.rsplit("/", 1)[1]
            )
            return answer.status_code == 200 and "Your post is published." in answer.text

        await eventually(posted, timeout_s=30)
        group_page = await owner.get(group_url)
        assert f'href="/people/{owner_id}">@Olga Owner</a>' in group_page.text
        assert 'href="/topics/gatewaylaunch">#GatewayLaunch</a>' in group_page.text
        post_link = re.search(r'href="(/posts/[^"]+)"', group_page.text)
        assert post_link

        post_page = await owner.get(f"{gw}{post_link.group(1)}")
        commented = await submit(
            owner, f"{gw}{post_link.group(1)}/comments", post_page, text="Thanks, Jonas!"
        )
        assert "Thanks, Jonas!" in commented.text
        reacted = await submit(
            owner, f"{gw}{post_link.group(1)}/reactions", commented, type="celebrate"
        )
        assert 'value="celebrate" aria-pressed="true">celebrate (1)' in reacted.text

        found = await joiner.get(f"{gw}/people", params={"q": "Olga Owner"})
        assert f'href="/people/{owner_id}">Olga Owner</a>' in found.text
        profile = await joiner.get(f"{gw}/people/{owner_id}")
        assert "Org chart" in profile.text and ">Follow<" in profile.text
        followed = await submit(joiner, f"{gw}/people/{owner_id}/follow", profile)
        assert "You follow this person now." in followed.text and ">Unfollow<" in followed.text
        assert joiner_home.status_code == 200


async def test_mention_suggestions_offer_user_names(stack: Stack, http: httpx.AsyncClient) -> None:
    _, user_name = await provision(http, stack, "Mira", "Mentionable")
    await sign_in(http, stack.gateway, user_name)

    async def suggested() -> bool:  # the directory is a projection: eventually
        answer = await http.get(f"{stack.gateway}/mentions", params={"q": "@Mentionab"})
        return f'data-mention="{user_name}"' in answer.text

    await eventually(suggested, timeout_s=20)


async def test_one_search_box_merges_people_and_groups(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    employee_id, user_name = await provision(http, stack, "Quentin", "Querysmith")
    home = await sign_in(http, stack.gateway, user_name)
    await submit(http, f"{stack.gateway}/groups", home, name="Querysmith Circle")

    async def both_found() -> bool:
        page = await http.get(f"{stack.gateway}/search", params={"q": "querysmith"})
        return f'href="/people/{employee_id}"' in page.text and "Querysmith Circle" in page.text

    await eventually(both_found, timeout_s=20)
    page = await http.get(f"{stack.gateway}/search", params={"q": "querysmith"})
    assert "Some results are missing" not in page.text  # every searched service answered


async def test_an_unreachable_service_is_a_readable_page(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    _, user_name = await provision(http, stack, "Ulla", "Unreachable")
    await sign_in(http, stack.gateway, user_name)

    page = await http.get(f"{stack.gateway}/polls/p-1")  # no polling service here

    assert page.status_code == 503
    assert "cannot be reached right now" in page.text and "Traceback" not in page.text


async def test_a_must_read_in_german_is_acknowledged(stack: Stack, http: httpx.AsyncClient) -> None:
    editor, _ = await provision(http, stack, "Edith", "Editor")
    reader, user_name = await provision(http, stack, "Rainer", "Leser", locale="de-DE")
    news = stack.urls["news"]
    channel = await http.post(
        f"{news}/v1/channels",
        json={"title": "Company", "editors": [editor]},
        headers=stack.auth("admin-1", "admin"),
    )
    assert channel.status_code == 201, channel.text
    texts = {
        "en": {"title": "New travel policy", "summary": "What changes", "body": "Read it all."},
        "de": {
            "title": "Neue Reiserichtlinie",
            "summary": "Was sich ändert",
            "body": "Bitte lesen.",
        },
    }
    body = {
        "channel_id": channel.json()["id"],
        "translations": texts,
        "must_read": True,
        "audience": {"include": {"employees": [reader]}},
    }
    draft = await http.post(f"{news}/v1/articles", json=body, headers=stack.auth(editor))
    assert draft.status_code == 201, draft.text
    article = draft.json()["id"]
    published = await http.post(
        f"{news}/v1/articles/{article}/publish", headers=stack.auth(editor, "communicator")
    )
    assert published.status_code == 200, published.text

    home = await sign_in(http, stack.gateway, user_name)
    assert '<html lang="de">' in home.text  # the employee's locale from the directory

    async def listed() -> bool:
        page = await http.get(f"{stack.gateway}/news")
        return "Neue Reiserichtlinie" in page.text and "Pflichtlektüre" in page.text

    await eventually(listed, timeout_s=20)
    page = await http.get(f"{stack.gateway}/news/{article}")
    assert '<h1 id="article-title">Neue Reiserichtlinie</h1>' in page.text
    assert f'href="/news/{article}?lang=en"' in page.text
    english = await http.get(f"{stack.gateway}/news/{article}", params={"lang": "en"})
    assert "New travel policy" in english.text
    acknowledged = await submit(http, f"{stack.gateway}/news/{article}/acknowledge", page,
                                version="1", language="de")  # fmt: skip
    assert "Du hast diesen Artikel bestätigt." in acknowledged.text, acknowledged.text[-1500:]


async def test_a_new_post_arrives_on_the_home_page_stream(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    reader, user_name = await provision(http, stack, "Lena", "Live")
    await sign_in(http, stack.gateway, user_name)
    seen: list[str] = []

    async def read_until_post() -> None:
        async with http.stream("GET", f"{stack.gateway}/feed/stream") as answer:
            assert answer.status_code == 200
            assert answer.headers["content-type"].startswith("text/event-stream")
            async for line in answer.aiter_lines():
                seen.append(line)
                if "Live from the stream" in line:
                    return

    listening = asyncio.create_task(read_until_post())

    async def posted() -> bool:
        body = {"text": "Live from the stream"}
        made = await http.post(
            f"{stack.urls['feed']}/v1/posts", json=body, headers=stack.auth(reader)
        )
        return made.status_code == 201

    await asyncio.sleep(1.0)  # the stream is open before the post is written
    await eventually(posted, timeout_s=30)
    await asyncio.wait_for(listening, timeout=30)
    assert "event: post" in seen and any(
        line.startswith('data: <li class="card new">') for line in seen
    )


async def test_notification_centre_badge_and_preferences(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    _, reader_name = await provision(http, stack, "Rudi", "Reader")
    await sign_in(http, stack.gateway, reader_name)

    centre = await http.get(f"{stack.gateway}/notifications")
    assert centre.status_code == 200 and "Mark all as read" in centre.text
    badge = await http.get(f"{stack.gateway}/notifications/badge")
    assert badge.status_code == 200 and 'class="badge"' not in badge.text  # nothing unread

    prefs = await http.get(f"{stack.gateway}/notifications/preferences")
    assert prefs.status_code == 200 and 'name="digest"' in prefs.text
    saved = await submit(http, f"{stack.gateway}/notifications/preferences", prefs, digest="daily")
    assert "Your preferences are saved." in saved.text  # PUT with the If-Match it read
    assert '<option value="daily" selected>' in saved.text
    again = await submit(http, f"{stack.gateway}/notifications/preferences", saved, digest="off")
    assert '<option value="off" selected>' in again.text
