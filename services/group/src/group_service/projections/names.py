"""Names of the read-model collections (one place: projections and queries share them)."""

from __future__ import annotations

GROUPS = "groups"
MEMBERSHIPS = "memberships"
PEOPLE = "people"
COUNTS = "member_counts"
