"""Collection names of the replicas in a service's own database (configurable)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Collections:
    """Where each replica lives; the defaults suit a service without clashing read models."""

    people: str = "people"
    follows: str = "follows"
    groups: str = "groups"
    memberships: str = "memberships"
