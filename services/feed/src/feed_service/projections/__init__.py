"""Read models; importing the package registers every handler."""

from __future__ import annotations

from feed_service.projections import comments, moderation, posts, reactions
from feed_service.projections.feed import FEED
from feed_service.projections.replicas import REPLICAS

PROJECTIONS = (FEED, REPLICAS)

__all__ = ["FEED", "PROJECTIONS", "REPLICAS", "comments", "moderation", "posts", "reactions"]
