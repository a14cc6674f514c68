"""Queries: read models (and, where a client needs it strongly consistent, the event store)."""
