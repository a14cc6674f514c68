"""follow_status: a status change between our read and our write is not lost."""

from __future__ import annotations

import pytest
from collab_replicas import PersonStatus, follow_status

pytestmark = pytest.mark.integration


async def test_a_change_landing_mid_write_is_applied_again(mongo_db) -> None:
    people = mongo_db["people"]
    await people.insert_one({"_id": "e1", "active": True})
    applied: list[PersonStatus] = []

    async def apply(status: PersonStatus) -> None:
        applied.append(status)
        if len(applied) == 1:  # a deactivation lands right after our first read
            await people.update_one({"_id": "e1"}, {"$set": {"active": False}})

    final = await follow_status(people, "e1", apply)
    assert [s.active for s in applied] == [True, False]
    assert final == PersonStatus(known=True, active=False, erased=False)
    assert (await follow_status(people, "nobody", apply)).known is False  # unknown: active
