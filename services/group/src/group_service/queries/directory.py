"""Facts about employees and memberships for command handlers, from the read models."""

from __future__ import annotations

from collections.abc import Iterable

from servicekit.projection import ReadModels

from group_service.projections.keys import position_key, role_range
from group_service.projections.names import MEMBERSHIPS, PEOPLE
from group_service.projections.people import is_active


class ReadModelDirectory:
    """The ``Directory`` port over the ``people`` and ``memberships`` read models."""

    def __init__(self, models: ReadModels) -> None:
        self.models = models

    async def inactive(self, employee_ids: Iterable[str]) -> frozenset[str]:
        """The deactivated (or erased) ones among ``employee_ids``."""
        ids = sorted(set(employee_ids))
        if not ids:
            return frozenset()
        cursor = self.models[PEOPLE].find({"_id": {"$in": ids}}, {"active": 1, "erased": 1})
        return frozenset([doc["_id"] async for doc in cursor if not is_active(doc)])

    async def known(self, employee_id: str) -> bool:
        """True when profile events registered the employee and did not erase them."""
        doc = await self.models[PEOPLE].find_one({"_id": employee_id}, {"erased": 1})
        return doc is not None and not doc.get("erased")

    async def admins_by_seniority(self, group_id: str) -> list[str]:
        """Active admins of a group, longest-standing first."""
        start, end = role_range("admin")
        cursor = self.models[MEMBERSHIPS].find(
            {
                "group_id": group_id,
                "status": "member",
                "active": True,
                "sort_key": {"$gte": position_key(start), "$lt": position_key(end)},
            },
            {"employee_id": 1, "since": 1},
        )
        admins = [doc async for doc in cursor]
        admins.sort(key=lambda doc: (doc.get("since") is None, doc.get("since"), doc["_id"]))
        return [doc["employee_id"] for doc in admins]
