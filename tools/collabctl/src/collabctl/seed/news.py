"""Demo news through the news service's API: three channels (group news, Germany, IT &
Security) whose editors are demo employees, and bilingual articles (German and English),
one of them a must-read for the whole company with a deadline and daily reminders.

Channels and drafts are decided on the news service's own event store, so nothing waits
for a replica; publishing freezes a must-read's audience from the people replica as it
stands (people it has not seen yet are obliged later, as entrants). Idempotency keys make
a rerun create nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from servicekit.auth import mint_token

ADMIN = "news-admin"
CHANNELS = {
    "group": "Group news",
    "de": "Deutschland",
    "it": "IT & Security",
}


def _text(title: str, summary: str, body: str) -> dict[str, str]:
    return {"title": title, "summary": summary, "body": body}


ARTICLES: list[tuple[str, dict[str, Any]]] = [
    (
        "group",
        {
            "translations": {
                "en": _text(
                    "Our year in numbers",
                    "Results and what comes next.",
                    "Thank you all for a strong year. Here is what we achieved together.",
                ),
                "de": _text(
                    "Unser Jahr in Zahlen",
                    "Ergebnisse und Ausblick.",
                    "Vielen Dank für ein starkes Jahr. Das haben wir gemeinsam erreicht.",
                ),
            },
            "default_language": "en",
        },
    ),
    (
        "de",
        {
            "translations": {
                "de": _text(
                    "Neues Büro in München",
                    "Umzug im Frühjahr.",
                    "Ab April arbeiten wir in der Leopoldstraße. Alle Details hier.",
                ),
                "en": _text(
                    "New office in Munich",
                    "Moving in spring.",
                    "From April we work on Leopoldstraße. All the details here.",
                ),
            },
            "default_language": "de",
            "audience": {"include": {"countries": ["DE"]}},
        },
    ),
    (
        "it",
        {
            "translations": {
                "en": _text(
                    "Phishing: what to look for",
                    "Please read and acknowledge.",
                    "Attackers pose as colleagues. Check the sender, never share passwords.",
                ),
                "de": _text(
                    "Phishing: Worauf Sie achten sollten",
                    "Bitte lesen und bestätigen.",
                    "Angreifer geben sich als Kollegen aus. Prüfen Sie den Absender.",
                ),
            },
            "default_language": "en",
            "must_read": True,
            "remind_every_s": 86_400,
        },
    ),
]


@dataclass(frozen=True, slots=True)
class NewsSeedResult:
    """What the news seed created."""

    channels: int
    articles: int


class _Client:
    def __init__(self, client: httpx.AsyncClient, key: str) -> None:
        self.client, self.key = client, key

    async def post(self, url: str, who: str, roles: Sequence[str], body: Any, key: str) -> Any:
        token = mint_token(self.key, sub=who, roles=list(roles))
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
        answer = await self.client.post(url, json=body, headers=headers)
        answer.raise_for_status()
        return answer.json()


async def seed_news(
    news_url: str,
    employee_ids: Sequence[str],
    *,
    private_key_pem: str,
    transport: httpx.AsyncBaseTransport | None = None,
) -> NewsSeedResult:
    """Create the demo channels and publish their articles (blocking until done)."""
    editor = employee_ids[0] if employee_ids else ADMIN
    deadline = (datetime.now(UTC) + timedelta(days=14)).isoformat()
    async with httpx.AsyncClient(base_url=news_url, timeout=60, transport=transport) as client:
        api = _Client(client, private_key_pem)
        channels = {}
        for key, title in CHANNELS.items():
            body = {"title": title, "editors": [editor]}
            answer = await api.post("/v1/channels", ADMIN, ["admin"], body, f"demo-channel-{key}")
            channels[key] = answer["id"]
        for n, (channel, article) in enumerate(ARTICLES):
            body = {**article, "channel_id": channels[channel]}
            if article.get("must_read"):
                body["acknowledge_by"] = deadline
            created = await api.post("/v1/articles", editor, [], body, f"demo-article-{n}")
            url = f"/v1/articles/{created['id']}/publish"
            await api.post(url, editor, ["communicator"], None, f"demo-publish-{n}")
    return NewsSeedResult(len(channels), len(ARTICLES))
