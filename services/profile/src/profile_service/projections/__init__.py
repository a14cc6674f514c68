"""Read models of the profile service, built only from its own events on Kafka."""

from __future__ import annotations

from profile_service.projections.directory import DIRECTORY
from profile_service.projections.follows import FOLLOWS

PROJECTIONS = (DIRECTORY, FOLLOWS)

__all__ = ["DIRECTORY", "FOLLOWS", "PROJECTIONS"]
