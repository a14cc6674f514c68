"""HTTP routers of the news service."""

from __future__ import annotations

from news_service.api import (
    articles,
    channels,
    comments,
    privacy,
    reactions,
    reading,
    reports,
)

ROUTERS = [
    channels.router,
    articles.router,
    reading.router,
    comments.router,
    reactions.router,
    reports.router,
    privacy.router,
]
