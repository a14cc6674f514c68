"""Read models; importing the package registers every handler."""

from __future__ import annotations

from feed_service.projections import comments, moderation, posts, reactions, settings
from feed_service.projections.feed import FEED
from feed_service.projections.replicas import REPLICAS
from feed_service.projections.timelines import TIMELINES

PROJECTIONS = (FEED, REPLICAS, TIMELINES)

__all__ = [
    "FEED",
    "PROJECTIONS",
    "REPLICAS",
    "TIMELINES",
    "comments",
    "moderation",
    "posts",
    "reactions",
    "settings",
]
