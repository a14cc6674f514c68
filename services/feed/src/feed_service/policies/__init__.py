"""Reactions to other services' events that issue commands."""

from __future__ import annotations

from feed_service.policies.erasure import ERASURE

POLICIES = (ERASURE,)

__all__ = ["ERASURE", "POLICIES"]
