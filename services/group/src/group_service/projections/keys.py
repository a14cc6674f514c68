"""Keys of the ``memberships`` documents: count buckets and member-list order.

Every membership falls in one of BUCKETS buckets by a stable hash of the
employee id. Member counts are kept per bucket (recounted with an indexed
count of that bucket only), and the member-list order is ``position`` =
role rank * BUCKETS + bucket, then employee id, so a page can be read through
narrow key windows instead of one unbounded range.
"""

from __future__ import annotations

import hashlib

from group_service.domain.model import ROLE_RANK, Role

BUCKETS = 256
POSITIONS = len(ROLE_RANK) * BUCKETS
_WIDTH = 4  # digits of a position


def bucket_of(employee_id: str) -> int:
    """The stable count bucket of an employee."""
    return int.from_bytes(hashlib.blake2b(employee_id.encode(), digest_size=4).digest()) % BUCKETS


def position_key(position: int) -> str:
    """The sort-key prefix of a list position (0 .. POSITIONS)."""
    return f"{position:0{_WIDTH}d}"


def sort_key(role: Role | None, employee_id: str) -> str:
    """Member-list order: owners first, then admins, moderators, members."""
    rank = ROLE_RANK[role or "member"]
    return f"{position_key(rank * BUCKETS + bucket_of(employee_id))}|{employee_id}"


def position_of(key: str) -> int:
    """The list position a sort key belongs to."""
    return int(key[:_WIDTH])


def role_range(role: Role) -> tuple[int, int]:
    """The positions [start, end) of one role."""
    start = ROLE_RANK[role] * BUCKETS
    return start, start + BUCKETS
