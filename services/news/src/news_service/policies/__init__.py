"""Reactions to other services' events that issue commands."""

from __future__ import annotations

from news_service.policies.erasure import AUTHOR_FIELD, ERASURE

POLICIES = (ERASURE,)

__all__ = ["AUTHOR_FIELD", "ERASURE", "POLICIES"]
