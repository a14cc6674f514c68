"""Poll journeys in the browser: a secret ballot blinded by the page's own script, its receipt
found in the published ballots after close; open polls of every kind; the language switch."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid

import pytest
from playwright.async_api import Locator, Page, Request, expect

from .conftest import JOURNEY_TIMEOUT_S, People, Platform, shot
from .demo import GroupPair, group_pair

pytestmark = [pytest.mark.integration, pytest.mark.timeout(2400)]  # the first one starts the stack
RECEIPT = r"[A-Za-z0-9_-]{43}"  # base64url of a SHA-256


@pytest.fixture(scope="module")
def pair(platform: Platform) -> GroupPair:
    """Two demo employees of one demo group."""
    return group_pair(platform.home, platform.services)


async def create_poll(page: Page, group_id: str, question: str, **fields: str) -> str:
    """Fill the new-poll form; the poll's id (from the page it lands on)."""
    await page.goto(f"/polls/new?group_id={group_id}")
    await page.get_by_label("Question").fill(question)
    await page.get_by_label("Options, one per line").fill("Lisbon\nOslo\nRemote")
    for label, value in fields.items():
        await page.get_by_label(label.replace("_", " "), exact=True).select_option(value)
    await page.get_by_label("Allow abstaining").check()
    await page.get_by_role("button", name="Create poll").click()
    await page.wait_for_url(re.compile(r"/polls/[^/]+$"))
    return page.url.rsplit("/", 1)[-1]


async def until_closed(page: Page, deadline_s: float = 60.0) -> None:
    """Reload the poll page until the result is final (the close has a grace period)."""
    deadline = time.monotonic() + deadline_s
    while not await page.get_by_text("Final result.").is_visible():
        assert time.monotonic() < deadline, "the poll never showed its final result"
        await asyncio.sleep(1.0)
        await page.reload()


async def until_shown(page: Page, locator: Locator, count: int, deadline_s: float = 45.0) -> None:
    """Reload until ``locator`` matches ``count`` elements (read models are eventual)."""
    deadline = time.monotonic() + deadline_s
    while await locator.count() != count:
        assert time.monotonic() < deadline, f"never {count} of {locator}"
        await asyncio.sleep(1.0)
        await page.reload()


async def test_secret_ballot_blinded_in_the_browser_and_receipt_found_after_close(
    people: People, pair: GroupPair
) -> None:
    async with asyncio.timeout(JOURNEY_TIMEOUT_S):
        owner = await people.signed_in(pair.first.user_name)
        voter = await people.signed_in(pair.second.user_name)
        question = f"Secret: where do we meet? {uuid.uuid4().hex[:6]}"
        kind = {"Kind": "single", "Ballot": "secret"}
        poll_id = await create_poll(owner, pair.group_id, question, **kind)

        sent: list[Request] = []
        voter.on("request", lambda r: sent.append(r) if r.method == "POST" else None)
        await voter.goto(f"/polls/{poll_id}")
        status = voter.locator("#credential-status")
        await expect(status).to_have_attribute("data-state", "ready")  # fetched when shown
        await shot(voter, "poll-secret-ballot")
        stored = await voter.evaluate("JSON.stringify(Object.assign({}, localStorage))")
        credential = json.loads(next(iter(json.loads(stored).values())))["credential"]

        await voter.get_by_label("Oslo").check()
        await voter.get_by_role("button", name="Vote", exact=True).click()
        receipt_box = voter.locator("#secret-receipt")
        await expect(receipt_box).to_be_visible()
        receipt = (await receipt_box.locator("[data-receipt]").text_content() or "").strip()
        assert re.fullmatch(RECEIPT, receipt), receipt
        await shot(voter, "poll-secret-receipt")

        asked, cast = [r for r in sent if r.url.endswith("/credential")], sent[-1]
        assert len(asked) == 1 and cast.url.endswith(f"/polls/{poll_id}/ballots")
        assert credential["token"] not in (asked[0].post_data or "")  # only the blinded message
        assert set(json.loads(asked[0].post_data or "{}")) == {"blinded_message"}
        assert "cookie" not in await cast.all_headers()  # the ballot is sent without a session
        assert json.loads(cast.post_data or "{}")["token"] == credential["token"]

        await expect(owner.locator("#credential-status")).to_have_attribute("data-state", "ready")
        await owner.get_by_label("Lisbon").check()
        await owner.get_by_role("button", name="Vote", exact=True).click()
        await expect(owner.locator("#secret-receipt")).to_be_visible()
        await owner.get_by_role("button", name="Close the poll now").click()
        await until_closed(owner)
        await expect(owner.locator("#winners")).to_contain_text("Tie")  # one vote each
        await shot(owner, "poll-results")

        await voter.goto(f"/polls/{poll_id}/ballots")
        await until_shown(voter, voter.locator("#ballots tr[data-receipt]"), 2)
        await expect(voter.locator("#ballots-pending")).to_have_count(0)
        result = voter.locator("#receipt-result")
        await expect(result).to_have_attribute("data-state", "found")
        await expect(voter.locator("#ballots tr.mine")).to_contain_text("Oslo")
        await shot(voter, "poll-published-ballots")
        await voter.get_by_role("searchbox", name="Receipt").fill("0" * 64)
        await expect(result).to_have_attribute("data-state", "missing")


BALLOTS = {
    "single": [("check", "Oslo")],
    "multiple": [("check", "Lisbon"), ("check", "Remote")],
    "ranked": [("fill", "Remote", "1"), ("fill", "Lisbon", "2")],
    "rating": [("select", "Oslo", "5"), ("select", "Lisbon", "2")],
}
EXPECTED = {
    "single": {"Oslo": "1"},
    "multiple": {"Lisbon": "1", "Remote": "1"},
    "ranked": {"Remote": "1"},
    "rating": {"Oslo": "5"},
}


async def test_open_polls_of_every_kind_take_a_ballot_and_show_the_result(
    people: People, pair: GroupPair
) -> None:
    async with asyncio.timeout(JOURNEY_TIMEOUT_S):
        owner = await people.signed_in(pair.first.user_name)
        for kind, steps in BALLOTS.items():
            question = f"Open {kind} poll {uuid.uuid4().hex[:6]}"
            poll_id = await create_poll(
                owner, pair.group_id, question, Kind=kind, Results_visible="always"
            )
            for action, label, *value in steps:
                control = owner.get_by_label(label, exact=True)
                if action == "check":
                    await control.check()
                elif action == "fill":
                    await control.fill(value[0])
                else:
                    await control.select_option(value[0])
            await owner.get_by_role("button", name="Vote", exact=True).click()
            await expect(owner.locator("#receipt [data-receipt]")).to_have_text(
                re.compile(f"^{RECEIPT}$")
            )
            assert owner.url.endswith(f"/polls/{poll_id}/ballot")
            await owner.goto(f"/polls/{poll_id}")
            await expect(owner.get_by_text("You took part in this poll.")).to_be_visible()
            rows = owner.locator("table.results tbody tr")
            for label, count in EXPECTED[kind].items():
                cell = rows.filter(has_text=label).locator("td").nth(1)
                await until_shown(owner, cell.filter(has_text=re.compile(f"^{count}")), 1)
            await shot(owner, f"poll-open-{kind}")


async def test_language_switch_turns_the_pages_german_and_back(
    people: People, pair: GroupPair
) -> None:
    async with asyncio.timeout(JOURNEY_TIMEOUT_S):
        page = await people.signed_in(pair.second.user_name)
        await page.goto("/polls")
        await page.locator("#locale-switch").select_option("de")
        await expect(page.locator("html")).to_have_attribute("lang", "de")
        await expect(page.get_by_role("heading", level=1)).to_have_text("Abstimmungen")
        await expect(page.get_by_role("link", name="Neue Abstimmung")).to_be_visible()
        await shot(page, "polls-de")
        await page.locator("#locale-switch").select_option("en")
        await expect(page.locator("html")).to_have_attribute("lang", "en")
        await expect(page.get_by_role("heading", level=1)).to_have_text("Polls")
