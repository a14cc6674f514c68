"""Events of the group service (groups, membership, roles)."""

from __future__ import annotations
