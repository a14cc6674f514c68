"""Collection names of the feed's read models (the replicas keep the library's defaults)."""

from __future__ import annotations

POSTS = "posts"
HISTORY = "post_history"
PINS = "pins"
COMMENTS = "comments"
REACTIONS = "reactions"
MODERATION = "moderation_queue"
MEMBERSHIPS = "memberships"
PEOPLE = "people"
TIMELINE = "timeline"
FOLLOWS = "follows"
SETTINGS = "feed_settings"
ARTICLES = "feed_articles"
POLLS = "feed_polls"
