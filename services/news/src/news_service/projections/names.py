"""Collection names of the news read models."""

from __future__ import annotations

CHANNELS = "channels"
ARTICLES = "articles"
READERS = "readers"
OBLIGED = "obliged"  # must-read obligations, in chunks of people
COMMENTS = "comments"
REACTIONS = "reactions"
