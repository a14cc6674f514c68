"""Read models; importing the package registers every handler."""

from __future__ import annotations

from feed_service.projections import (
    articles,
    comments,
    moderation,
    polls,
    posts,
    reactions,
    settings,
)
from feed_service.projections.content import CONTENT
from feed_service.projections.feed import FEED
from feed_service.projections.replicas import REPLICAS
from feed_service.projections.timelines import TIMELINES

PROJECTIONS = (FEED, REPLICAS, TIMELINES, CONTENT)

__all__ = [
    "CONTENT",
    "FEED",
    "PROJECTIONS",
    "REPLICAS",
    "TIMELINES",
    "articles",
    "comments",
    "moderation",
    "polls",
    "posts",
    "reactions",
    "settings",
]
