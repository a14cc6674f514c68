"""Kafka topic names: one per service plus its dead-letter topic."""

from __future__ import annotations

SERVICES = ("profile", "group", "feed", "news", "polling", "notification")


def topic_for(service: str, prefix: str = "") -> str:
    """The topic a service publishes its events to: ``collab.<service>.v1``."""
    return f"{prefix}collab.{service}.v1"


def dlq_topic_for(service: str, prefix: str = "") -> str:
    """The dead-letter topic of a service's projections: ``collab.<service>.dlq.v1``."""
    return f"{prefix}collab.{service}.dlq.v1"
