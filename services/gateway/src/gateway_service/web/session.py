"""The signed-in person, kept in the signed session cookie."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request


class SignInRequired(Exception):
    """No (or an expired) session: the person is sent to sign in."""


@dataclass(frozen=True, slots=True)
class Person:
    """Who is signed in: employee id, display name, roles from the IdP, session id."""

    employee_id: str
    name: str
    roles: frozenset[str]
    sid: str
    signed_in_at: float

    def as_session(self) -> dict[str, Any]:
        """What the session cookie stores."""
        return {
            "employee_id": self.employee_id,
            "name": self.name,
            "roles": sorted(self.roles),
            "sid": self.sid,
            "signed_in_at": self.signed_in_at,
        }

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> Person:
        """The person a session cookie holds."""
        return cls(
            employee_id=str(data["employee_id"]),
            name=str(data["name"]),
            roles=frozenset(data.get("roles") or ()),
            sid=str(data["sid"]),
            signed_in_at=float(data["signed_in_at"]),
        )


class EndedSessions:
    """Session ids ended by logout, until the cookie could have expired anyway.

    The cookie is signed, not stored, so a copy of it stays valid until expiry unless
    the gateway remembers that its session ended. Kept per process: with several
    gateway replicas a logout is only certain on the one that served it (decisions.md).
    """

    def __init__(self, max_age_s: int) -> None:
        self._max_age_s = max_age_s
        self._ended: dict[str, float] = {}

    def end(self, sid: str) -> None:
        """Refuse ``sid`` from now on."""
        now = time.time()
        self._ended = {s: t for s, t in self._ended.items() if now - t < self._max_age_s}
        self._ended[sid] = now

    def __contains__(self, sid: object) -> bool:
        return sid in self._ended


async def signed_in_person(request: Request) -> Person:
    """The session's person, or SignInRequired (none, ended or past its absolute age)."""
    data = request.session.get("person")
    if not data:
        raise SignInRequired
    person = Person.from_session(data)
    settings = request.app.state.settings
    expired = time.time() - person.signed_in_at > settings.session_max_s
    if expired or person.sid in request.app.state.ended_sessions:
        request.session.clear()
        raise SignInRequired
    return person


SignedIn = Annotated[Person, Depends(signed_in_person)]
