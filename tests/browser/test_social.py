"""Social journeys in the browser: a post in a group that mentions someone, who sees the
notification arrive without reloading, then reacts and comments; a request-only group
joined after the owner's approval; a must-read read in German and acknowledged."""

from __future__ import annotations

import asyncio
import re
import time
import uuid

import pytest
from playwright.async_api import Locator, Page, expect

from .conftest import JOURNEY_TIMEOUT_S, People, Platform, shot
from .demo import Employee, GroupPair, demo_employees, group_pair, with_pending_must_read

pytestmark = [pytest.mark.integration, pytest.mark.timeout(2400)]  # the first one starts the stack


@pytest.fixture(scope="module")
def pair(platform: Platform) -> GroupPair:
    """Two demo employees of one demo group."""
    return group_pair(platform.home, platform.services)


@pytest.fixture(scope="module")
def others(platform: Platform, pair: GroupPair) -> list[Employee]:
    """Demo employees the other journeys (and the poll journeys) do not use."""
    used = {pair.first.employee_id, pair.second.employee_id}
    return [e for e in demo_employees(platform.home, platform.services["profile"])
            if e.employee_id not in used]  # fmt: skip


async def reload_until(page: Page, locator: Locator, deadline_s: float = 45.0) -> None:
    """Reload until ``locator`` shows (what another person did reaches read models later)."""
    deadline = time.monotonic() + deadline_s
    while not await locator.count():
        if time.monotonic() > deadline:
            await shot(page, "failed-reload-until")
            raise AssertionError(f"never shown: {locator}")
        await asyncio.sleep(1.0)
        await page.reload()


async def test_mention_arrives_live_then_the_other_reacts_and_comments(
    people: People, pair: GroupPair
) -> None:
    async with asyncio.timeout(JOURNEY_TIMEOUT_S):
        author = await people.signed_in(pair.first.user_name)
        reader = await people.signed_in(pair.second.user_name)
        await reader.goto("/notifications")
        await reader.get_by_role("button", name="Mark all as read").click()
        await reader.goto("/")
        badge = reader.locator("#badge")
        await expect(badge.locator(".badge")).to_have_count(0)  # nothing unread

        await author.goto(f"/groups/{pair.group_id}")
        tag = f"journey{uuid.uuid4().hex[:6]}"
        name = " ".join(pair.second.user_name.split("@")[0].split(".")[:2])  # given family
        await author.get_by_label("Find someone to mention").fill(name)
        await author.locator(f'button[data-mention="{pair.second.user_name}"]').click()
        composer = author.get_by_label("Your post")
        await expect(composer).to_have_value(re.compile(re.escape(f"@{pair.second.user_name}")))
        await composer.press("End")
        await composer.press_sequentially(f" please have a look #{tag}")
        await shot(author, "composer-mention")
        await author.get_by_role("button", name="Publish").click()
        post = author.locator("article", has_text=f"#{tag}")
        await reload_until(author, post)
        await shot(author, "group-page")

        await expect(badge.locator(".badge")).to_have_text(
            re.compile(r"^[1-9]\d*$"), timeout=60_000
        )
        await shot(reader, "home-badge")  # the badge changed without a reload
        await reader.goto("/notifications")
        await expect(reader.locator("li.unread").first).to_be_visible()
        await shot(reader, "notifications")

        post_url = await post.locator("a[href^='/posts/']").first.get_attribute("href")
        assert post_url
        await reader.goto(post_url)
        await reader.get_by_role("button", name=re.compile(r"^celebrate")).click()
        celebrated = re.compile(r"^celebrate \(1\)")
        await reload_until(reader, reader.get_by_role("button", name=celebrated))
        await reader.get_by_label("Your comment").fill(f"Looked at it, thanks #{tag}")
        await reader.get_by_role("button", name="Comment", exact=True).click()
        comment = reader.locator("li[id^='comment-']", has_text="Looked at it, thanks")
        await reload_until(reader, comment)
        await shot(reader, "post-page")

        await author.goto(post_url)
        await reload_until(author, author.locator("li[id^='comment-']", has_text="Looked at it"))
        await reload_until(author, author.get_by_role("button", name=celebrated))


async def test_request_only_group_is_joined_after_the_owners_approval(
    people: People, others: list[Employee]
) -> None:
    owner_employee, joiner_employee = others[0], others[1]
    async with asyncio.timeout(JOURNEY_TIMEOUT_S):
        owner = await people.signed_in(owner_employee.user_name)
        joiner = await people.signed_in(joiner_employee.user_name)
        await owner.goto("/groups")
        name = f"Request-only journey {uuid.uuid4().hex[:6]}"
        await owner.get_by_label("Name", exact=True).fill(name)
        await owner.get_by_label("Who may join").select_option("request")
        await owner.get_by_role("button", name="Create", exact=True).click()
        await owner.wait_for_url(re.compile(r"/groups/[^/?]+$"))
        group_url = owner.url

        await joiner.goto(group_url)
        ask = joiner.get_by_role("button", name="Ask to join")
        await reload_until(joiner, ask)  # the new group reaches the joiner's reads later
        await ask.click()
        await expect(
            joiner.get_by_text("Your request to join is waiting for approval.")
        ).to_be_visible()

        approve = owner.get_by_role("button", name=re.compile(r"^Approve"))
        await reload_until(owner, approve)
        await shot(owner, "group-join-request")
        await approve.click()
        await reload_until(joiner, joiner.get_by_role("button", name="Leave group"))
        await expect(joiner.get_by_text("You are a member")).to_be_visible()
        await shot(joiner, "group-joined")


async def test_must_read_read_in_german_and_acknowledged(
    people: People, others: list[Employee], platform: Platform
) -> None:
    employee = with_pending_must_read(platform.home, platform.services["news"], others[2:])
    async with asyncio.timeout(JOURNEY_TIMEOUT_S):
        reader = await people.signed_in(employee.user_name)
        await reader.goto("/news?pending=true")
        await reader.locator("#locale-switch").select_option("de")
        await expect(reader.locator("html")).to_have_attribute("lang", "de")
        item = reader.locator("li.card", has_text="Pflichtlektüre").first
        await item.get_by_role("link").click()
        await reader.locator("a[hreflang=de]").click()
        article = reader.locator("article")
        await expect(article).to_have_attribute("lang", "de")
        await expect(reader.get_by_role("heading", level=1)).to_have_text(
            "Phishing: Worauf Sie achten sollten"
        )
        await shot(reader, "news-must-read-de")
        await reader.get_by_role("button", name="Gelesen").click()
        await expect(reader.get_by_text("Du hast diesen Artikel bestätigt.")).to_be_visible()
        await shot(reader, "news-acknowledged-de")
