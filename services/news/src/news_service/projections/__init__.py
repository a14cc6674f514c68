"""Read models, one module per projection; importing the package registers every handler."""

from __future__ import annotations

from collab_replicas import groups_projection

from news_service.projections import articles, channels, comments, reactions, readers
from news_service.projections.erasure import anonymise_erased
from news_service.projections.news import NEWS
from news_service.projections.obligations import OBLIGED_PROJECTION

# People, groups and memberships: audiences, readers' languages, reports by country.
REPLICAS = groups_projection(name="replicas", follows=False, on_status_change=anonymise_erased)
PROJECTIONS = (NEWS, OBLIGED_PROJECTION, REPLICAS)

__all__ = [
    "NEWS",
    "OBLIGED_PROJECTION",
    "PROJECTIONS",
    "REPLICAS",
    "articles",
    "channels",
    "comments",
    "reactions",
    "readers",
]
