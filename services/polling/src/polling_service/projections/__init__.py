"""Read models, one module per projection; importing the package registers every handler."""

from __future__ import annotations

from collab_replicas import groups_projection

from polling_service.projections.ballots import BALLOTS_PROJECTION
from polling_service.projections.polls import POLLS_PROJECTION
from polling_service.projections.turnout import TURNOUT_PROJECTION

# People, groups and memberships (group polls' electorates, audiences, who sees a poll).
REPLICAS_PROJECTION = groups_projection(name="replicas", follows=False)
PROJECTIONS = (POLLS_PROJECTION, TURNOUT_PROJECTION, BALLOTS_PROJECTION, REPLICAS_PROJECTION)

__all__ = [
    "BALLOTS_PROJECTION",
    "POLLS_PROJECTION",
    "PROJECTIONS",
    "REPLICAS_PROJECTION",
    "TURNOUT_PROJECTION",
]
