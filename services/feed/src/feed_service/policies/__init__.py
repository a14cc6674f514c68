"""Reactions to events that issue commands or act on the attachment store."""

from __future__ import annotations

from feed_service.policies.attachments import ATTACHMENTS
from feed_service.policies.erasure import ERASURE

POLICIES = (ERASURE, ATTACHMENTS)

__all__ = ["ATTACHMENTS", "ERASURE", "POLICIES"]
