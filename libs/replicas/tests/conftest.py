"""Fixtures: a history of events and the full replica projection over a fresh database."""

from __future__ import annotations

from typing import Any

import pytest
from collab_replicas import Collections, groups_projection
from collab_replicas.testing import Driver, History
from servicekit.projection import ReadModels


@pytest.fixture
def history() -> History:
    return History()


@pytest.fixture
async def replica(mongo_db: Any) -> Driver:
    """People, follows, groups and memberships in one projection (``groups_projection``)."""
    return await Driver(groups_projection(collections=Collections()), ReadModels(mongo_db)).setup()
