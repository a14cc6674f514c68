"""Read models; importing the package registers every handler."""

from __future__ import annotations

from notification_service.projections import (
    articles,
    deferred,
    feed,
    group,
    news,
    polling,
    profile,
    reads,
)
from notification_service.projections.inbox import INBOX
from notification_service.projections.preferences import SETTINGS
from notification_service.projections.replicas import REPLICAS

PROJECTIONS = (INBOX, REPLICAS, SETTINGS)

__all__ = [
    "INBOX",
    "PROJECTIONS",
    "REPLICAS",
    "SETTINGS",
    "articles",
    "deferred",
    "feed",
    "group",
    "news",
    "polling",
    "profile",
    "reads",
]
