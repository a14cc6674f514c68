"""Turn written text into a Draft: resolve ``@handles`` to markers, keep live markers, topics."""

from __future__ import annotations

from feed_service.domain import text as texts
from feed_service.domain.model import Draft
from feed_service.handlers.ports import Places


async def compose(places: Places, text: str) -> Draft:
    """The stored form of ``text``: who it mentions (active people only) and its topics."""
    resolved = await places.resolve(texts.handles(text))
    stored = texts.replace_handles(text, resolved)
    markers = texts.marker_ids(stored)
    live = await places.active(markers) if markers else frozenset()
    mentions = tuple(employee_id for employee_id in markers if employee_id in live)
    return Draft(stored, mentions, tuple(texts.topics(text)))
