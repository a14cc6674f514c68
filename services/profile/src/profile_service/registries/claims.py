"""Race-safe userName uniqueness among active employees.

Invariant: every active employee's userName has a document in
``user_name_claims`` (``_id`` = the lower-cased userName, unique by
construction) naming that employee. A command claims a name *before* it
appends the events that make the employee hold it, and releases the names an
employee no longer holds *after* the append; a failed append releases what it
claimed. So two concurrent commands for one name cannot both append: the
second insert fails.

A claim can outlive its reason (a crash between append and release). Such a
stale claim is taken over with a compare-and-swap once the event store shows
its holder no longer actively holds the name and the claim is older than
``CLAIM_GRACE_S`` (a younger claim may belong to a command still appending).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from profile_service.domain.errors import UserNameTaken
from profile_service.domain.fields import user_name_key as claim_key

COLLECTION = "user_name_claims"
Holds = Callable[[str, str], Awaitable[bool]]  # (employee_id, key) -> actively holds the name?
_ATTEMPTS = 3
_DUPLICATE_KEY = 11000
CLAIM_GRACE_S = 30.0  # longer than any command takes between claiming and appending


class UserNameClaims:
    """The ``user_name_claims`` collection."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]], holds: Holds, grace_s: float) -> None:
        self.collection, self.holds, self.grace = db[COLLECTION], holds, timedelta(seconds=grace_s)

    async def setup(self) -> None:
        """Index the claims by holder (erasure and export look them up)."""
        await self.collection.create_index("employee_id")

    async def claim(self, user_name: str, employee_id: str) -> bool:
        """Reserve ``user_name``; True when newly reserved (the caller releases it on failure)."""
        key = claim_key(user_name)
        for _ in range(_ATTEMPTS):
            try:
                await self.collection.insert_one(
                    {"_id": key, "employee_id": employee_id, "at": _now()}
                )
                return True
            except DuplicateKeyError:
                pass
            current = await self.collection.find_one({"_id": key})
            if current is None:  # released meanwhile: try the insert again
                continue
            if current["employee_id"] == employee_id:
                return False
            if await self._live(current):
                raise UserNameTaken(user_name)
            if await self._take_over(current, employee_id):
                return True
        raise UserNameTaken(user_name)

    async def claim_many(self, wanted: Sequence[tuple[str, str]]) -> list[bool | UserNameTaken]:
        """``claim`` for many (name, employee id) pairs, in one round trip when none is held."""
        if not wanted:
            return []
        now = _now()
        docs = [{"_id": claim_key(name), "employee_id": e, "at": now} for name, e in wanted]
        try:
            await self.collection.insert_many(docs, ordered=False)
            return [True] * len(wanted)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(error.get("code") != _DUPLICATE_KEY for error in errors):
                raise
            held = {int(error["index"]) for error in errors}
        # The few names already held: the single claim decides (its holder, a stale takeover).
        return [await self._claim_one(*p) if i in held else True for i, p in enumerate(wanted)]

    async def _claim_one(self, user_name: str, employee_id: str) -> bool | UserNameTaken:
        try:
            return await self.claim(user_name, employee_id)
        except UserNameTaken as taken:
            return taken

    async def release(self, user_name: str, employee_id: str) -> None:
        """Give up ``user_name`` if ``employee_id`` holds the claim."""
        await self.collection.delete_one({"_id": claim_key(user_name), "employee_id": employee_id})

    async def release_all(self, employee_id: str) -> None:
        """Give up every claim of ``employee_id`` (erasure: the names are personal data)."""
        await self.collection.delete_many({"employee_id": employee_id})

    async def of_employee(self, employee_id: str) -> dict[str, Any] | None:
        """The claim an employee holds, if any."""
        return await self.collection.find_one({"employee_id": employee_id})

    async def holder(self, user_name: str) -> str | None:
        """The employee id holding the claim on ``user_name``, if any."""
        doc = await self.collection.find_one({"_id": claim_key(user_name)})
        return None if doc is None else str(doc["employee_id"])

    async def _live(self, claim: dict[str, Any]) -> bool:
        if _now() - _aware(claim["at"]) < self.grace:
            return True
        return await self.holds(claim["employee_id"], claim["_id"])

    async def _take_over(self, claim: dict[str, Any], employee_id: str) -> bool:
        result = await self.collection.update_one(
            {"_id": claim["_id"], "employee_id": claim["employee_id"], "at": claim["at"]},
            {"$set": {"employee_id": employee_id, "at": _now()}},
        )
        return result.modified_count == 1


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
