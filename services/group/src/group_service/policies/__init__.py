"""Reactions to other services' events that issue commands (ports injected by the runtime)."""

from __future__ import annotations

from group_service.policies.owners import OWNERS

POLICIES = (OWNERS,)

__all__ = ["OWNERS", "POLICIES"]
