"""Collection names of the news read models."""

from __future__ import annotations

CHANNELS = "channels"
ARTICLES = "articles"
READERS = "readers"
OBLIGATIONS = "obligations"
COMMENTS = "comments"
REACTIONS = "reactions"
