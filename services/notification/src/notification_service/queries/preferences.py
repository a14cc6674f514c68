"""A person's effective preferences and what they hide from the centre."""

from __future__ import annotations

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


def hidden(preferences: Preferences) -> dict[str, Any]:
    """The filter that leaves out what the person turned off or muted in the centre."""
    query: dict[str, Any] = {}
    if off := in_app_off(preferences):
        query["type"] = {"$nin": off}
    if preferences.muted_groups:
        query["group_id"] = {"$nin": preferences.muted_groups}
    if preferences.muted_posts:
        query["post_id"] = {"$nin": preferences.muted_posts}
    return query
