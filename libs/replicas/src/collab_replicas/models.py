"""What the replica queries return: typed, immutable views of the replica documents."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Literal

Doc = dict[str, Any]
Visibility = Literal["public", "private", "secret"]
MembershipStatus = Literal[
    "requested", "invited", "member", "rejected", "declined", "left", "removed"
]


@dataclass(frozen=True, slots=True)
class Person:
    """One employee's facts; an erased person is a tombstone with none of them."""

    employee_id: str
    active: bool
    erased: bool = False
    display_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    user_name: str | None = None
    job_title: str | None = None
    department: str | None = None
    organization: str | None = None
    country: str | None = None
    location: str | None = None
    manager_id: str | None = None
    languages: tuple[str, ...] = ()
    locale: str | None = None
    timezone: str | None = None
    photo_url: str | None = None

    @classmethod
    def of(cls, doc: Doc) -> Person:
        """The view of a ``people`` document."""
        erased = bool(doc.get("erased"))
        texts = {k: doc.get(k) for k in _TEXT_FIELDS}
        return cls(
            employee_id=doc["_id"],
            active=bool(doc.get("active", True)) and not erased,
            erased=erased,
            languages=tuple(doc.get("languages") or ()),
            **texts,
        )

    @property
    def name(self) -> str | None:
        """The display name, else given and family name, else None."""
        parts = " ".join(p for p in (self.given_name, self.family_name) if p)
        return self.display_name or parts or None


_TEXT_FIELDS = tuple(
    f.name for f in fields(Person) if f.name not in ("employee_id", "active", "erased", "languages")
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A resolved ``@userName``: who it names and how to show them."""

    employee_id: str
    display_name: str


@dataclass(frozen=True, slots=True)
class GroupFacts:
    """A group's access facts."""

    group_id: str
    title: str
    visibility: Visibility
    join_policy: str
    archived: bool
    deleted: bool
    owners: frozenset[str]

    @classmethod
    def of(cls, doc: Doc) -> GroupFacts:
        """The view of a ``groups`` replica document."""
        return cls(
            group_id=doc["_id"],
            title=doc.get("title", ""),
            visibility=doc.get("visibility", "secret"),
            join_policy=doc.get("join_policy", "invite"),
            archived=bool(doc.get("archived")),
            deleted=bool(doc.get("deleted")),
            owners=frozenset(doc.get("owners") or ()),
        )


@dataclass(frozen=True, slots=True)
class Membership:
    """One person's relation to one group; ``active`` follows the person."""

    group_id: str
    employee_id: str
    status: MembershipStatus
    role: str | None
    active: bool
    since: datetime | None = None

    @classmethod
    def of(cls, doc: Doc) -> Membership:
        """The view of a ``memberships`` replica document."""
        return cls(
            group_id=doc["group_id"],
            employee_id=doc["employee_id"],
            status=doc["status"],
            role=doc.get("role"),
            active=bool(doc.get("active", True)),
            since=doc.get("since"),
        )

    @property
    def counts(self) -> bool:
        """An active member (any role)."""
        return self.status == "member" and self.active
