"""Prometheus metrics of e-mail delivery."""

from __future__ import annotations

from prometheus_client import Counter

EMAILS = Counter("collab_notification_emails_total", "E-mails by outcome", ["kind", "outcome"])
