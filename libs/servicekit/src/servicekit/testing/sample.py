"""A tiny sample domain (tally counters) for exercising the infrastructure in tests.

It has its own registry so it never leaks into the real contracts.
"""

from __future__ import annotations

from typing import Any, ClassVar

from collab_events import Event, EventRegistry
from pydantic import Field

from servicekit.projection import EventContext, Projection, ReadModels

SAMPLE_REGISTRY = EventRegistry()
SERVICE = "sample"


@SAMPLE_REGISTRY.register
class TallyOpened(Event):
    """A tally was opened."""

    service: ClassVar[str] = SERVICE
    name: ClassVar[str] = "tally_opened"
    label: str = Field(max_length=100)

    @classmethod
    def example(cls) -> TallyOpened:
        return cls(label="votes")


@SAMPLE_REGISTRY.register
class TallyIncremented(Event):
    """A tally went up by ``by``."""

    service: ClassVar[str] = SERVICE
    name: ClassVar[str] = "tally_incremented"
    by: int = Field(ge=1)
    fail: bool = False  # a poison switch: the projection handler raises on it

    @classmethod
    def example(cls) -> TallyIncremented:
        return cls(by=1)


@SAMPLE_REGISTRY.register
class TallyClaimed(Event):
    """Someone took charge of a tally; ``contact`` is personal data (erasable)."""

    service: ClassVar[str] = SERVICE
    name: ClassVar[str] = "tally_claimed"
    owner_id: str = Field(max_length=64)
    contact: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def example(cls) -> TallyClaimed:
        return cls(owner_id="e-1", contact={"email": "anna@example.com"})


def tally_projection() -> Projection:
    """A projection that sums increments per tally, guarded by stream version."""
    projection = Projection(name="tallies", sources=(SERVICE,), collections=("tallies",))

    @projection.setup
    async def create_indexes(models: ReadModels) -> None:
        await models["tallies"].create_index("label")

    @projection.on(TallyOpened, batched=True)
    async def open_tally(event: TallyOpened, ctx: EventContext) -> None:
        await _guarded(ctx, {"$set": {"label": event.label}, "$setOnInsert": {"total": 0}})

    @projection.on(TallyIncremented, batched=True)
    async def add_to_tally(event: TallyIncremented, ctx: EventContext) -> None:
        if event.fail:
            raise RuntimeError("poison increment")
        await _guarded(ctx, {"$inc": {"total": event.by}})

    return projection


async def _guarded(ctx: EventContext, update: dict[str, Any]) -> None:
    """Apply ``update`` only if this stream version is newer than the document's."""
    version = ctx.version
    update = {**update, "$set": {**update.get("$set", {}), "_v": version}}
    ctx.writes.update_if_newer(ctx.models["tallies"], ctx.envelope.subject, version, update)
