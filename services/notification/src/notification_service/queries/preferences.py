"""A person's effective preferences and what they hide from the centre."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from collab_events.notification import Preferences
from servicekit.projection import ReadModels

from notification_service.domain.preferences import DEFAULT, in_app_off
from notification_service.projections.names import PREFERENCES


async def preferences_of(models: ReadModels, employee_id: str) -> tuple[Preferences, int]:
    """The stored preferences and their version (defaults and 0 when never changed)."""
    doc = await models[PREFERENCES].find_one({"_id": employee_id})
    if doc is None:
        return DEFAULT, 0
    return Preferences.model_validate(doc), int(doc.get("_v", 0))


Shown = Callable[[dict[str, Any]], bool]


def shown_by(preferences: Preferences) -> Shown:
    """Whether the centre shows a stored notification: its type is on in-app, and neither
    its group nor its post is muted (a notification without a group or post is shown).

    A check on the documents an index range returned, not a query condition: SecantusDB
    answers a query with any condition outside one index by scanning the collection.
    """
    off = set(in_app_off(preferences))
    groups, posts = set(preferences.muted_groups), set(preferences.muted_posts)

    def shown(doc: dict[str, Any]) -> bool:
        return (
            doc.get("type") not in off
            and doc.get("group_id") not in groups
            and doc.get("post_id") not in posts
        )

    return shown
