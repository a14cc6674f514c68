"""HTTP API of the feed service: module-level routers, in the order they are mounted."""

from __future__ import annotations

from feed_service.api import (
    attachments,
    comments,
    home,
    listings,
    moderation,
    posts,
    privacy,
    reactions,
)

ROUTERS = (
    posts.router,
    comments.router,
    reactions.router,
    listings.router,
    home.router,
    moderation.router,
    attachments.uploads,
    attachments.router,
    privacy.router,
)

__all__ = ["ROUTERS"]
