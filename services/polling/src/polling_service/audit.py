"""Recompute a closed poll from what the API publishes: the tally, the ballot-list digest,
every secret ballot's signature, and ballots <= credentials (``collabctl poll verify``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from collab_events.polling import PollCreated

from polling_service.blindrsa import PublicKey, VerificationFailed, verify
from polling_service.blindrsa.keys import unb64url
from polling_service.domain.ballots import Ballot, ballot_list_digest, digest_line, new_receipt
from polling_service.domain.tally import tally

Doc = dict[str, Any]


@dataclass
class Verification:
    """What matched; ``problems`` says what did not."""

    ballots: int = 0
    credentials: int = 0
    signatures_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when everything recomputed matches the published result."""
        return not self.problems


async def _pages(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> list[Any]:
    items: list[Any] = []
    params: dict[str, str | int] = {"limit": 100}
    while True:
        page = (await client.get(url, headers=headers, params=params)).raise_for_status().json()
        items.extend(page["items"])
        if not page.get("next_cursor"):
            return items
        params["cursor"] = page["next_cursor"]


def _check_signatures(ballots: list[Doc], jwk: Doc, report: Verification) -> None:
    key = PublicKey.from_jwk(jwk)
    for b in ballots:
        try:
            verify(key, unb64url(b["token"] or ""), unb64url(b["signature"] or ""))
        except (ValueError, VerificationFailed):
            report.problems.append(f"ballot {b['ballot_id']}: signature does not verify")
        report.signatures_checked += 1


def recompute(poll: Doc, results: Doc, ballots: list[Doc], jwk: Doc | None) -> Verification:
    """Compare a closed poll's published result with its published ballots."""
    report = Verification(len(ballots), results.get("credential_count") or 0)
    definition = PollCreated.model_validate({**poll, "poll_id": poll["id"]})
    parsed = [Ballot.of(b["choice"], b["ranking"], b["ratings"], b["abstain"]) for b in ballots]
    published = results["results"]
    again = tally(definition, parsed, published["eligible"]).model_dump(mode="json")
    if again != published:
        report.problems.append("the tally of the published ballots differs from the result")
    pairs = list(zip(ballots, parsed, strict=True))
    lines = [
        digest_line(b["ballot_id"], b["receipt"], p, b["token"], b["signature"]) for b, p in pairs
    ]
    if any(new_receipt(b["ballot_id"], p) != b["receipt"] for b, p in pairs):
        report.problems.append("a receipt does not match its ballot")
    if ballot_list_digest(lines) != results.get("ballot_digest"):
        report.problems.append("the ballot-list digest differs")
    if len(ballots) != results.get("ballot_count") or len(ballots) > report.credentials:
        report.problems.append("more ballots than published or than credentials issued")
    if jwk is not None:
        _check_signatures(ballots, jwk, report)
    return report


async def verify_poll(
    client: httpx.AsyncClient, poll_id: str, headers: dict[str, str]
) -> Verification:
    """Fetch a closed poll's definition, result, ballots (and key) and recompute them."""
    base = f"/v1/polls/{poll_id}"
    poll = (await client.get(base, headers=headers)).raise_for_status().json()
    results = (await client.get(f"{base}/results", headers=headers)).raise_for_status().json()
    ballots = await _pages(client, f"{base}/ballots", headers)
    jwk = None
    if poll["secrecy"] == "secret":
        jwk = (await client.get(f"{base}/ballot-key", headers=headers)).raise_for_status().json()
    return recompute(poll, results, ballots, jwk)
