"""Prometheus metrics shared by every service."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Histogram(
    "collab_http_request_seconds", "HTTP request latency", ["method", "route", "status"]
)
RELAY_PUBLISHED = Counter(
    "collab_relay_published_total", "Events published by the relay", ["topic"]
)
PROJECTION_APPLIED = Counter(
    "collab_projection_events_total", "Events handled by projections", ["projection", "outcome"]
)
PROJECTION_LAG = Gauge(
    "collab_projection_lag", "Events behind the topic end", ["projection", "topic"]
)
PROJECTION_IDLE = Gauge(
    "collab_projection_seconds_since_progress",
    "Seconds since the projection last advanced (0 while caught up)",
    ["projection"],
)
