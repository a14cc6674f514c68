""" "Why did I get this": the rule that fired and the causation chain of events."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ChainLink(BaseModel):
    """One event of the chain: what happened, by whom, in which stream."""

    id: str
    type: str
    subject: str
    actor_id: str | None = None
    role: str  # "cause" (what happened), "caused_by" (its causation), "on" (the target)


class Why(BaseModel):
    """The rule and the events behind one notification."""

    notification_id: str
    type: str
    rule: str
    chain: list[ChainLink]


def explain(doc: dict[str, Any]) -> Why:
    """The causes (newest first), each one's causation, then the event of the target."""
    chain: list[ChainLink] = []
    causes = sorted((doc.get("causes") or {}).values(), key=lambda c: c["time"], reverse=True)
    for cause in causes:
        chain.append(
            ChainLink(
                id=cause["id"],
                type=cause["type"],
                subject=cause["subject"],
                actor_id=cause.get("actor"),
                role="cause",
            )
        )
        if cause.get("causation_id"):
            chain.append(
                ChainLink(
                    id=cause["causation_id"], type="", subject=cause["subject"], role="caused_by"
                )
            )
    if origin := doc.get("origin"):
        chain.append(
            ChainLink(
                id=origin["id"],
                type=origin["type"],
                subject=origin["subject"],
                actor_id=origin.get("actor"),
                role="on",
            )
        )
    return Why(notification_id=doc["_id"], type=doc["type"], rule=doc["rule"], chain=chain)
