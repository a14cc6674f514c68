"""Read model ``turnout``: who took part in which poll (never what they chose).

An erased employee's entries stay, without their id, so closed polls' counts stay right.
"""

from __future__ import annotations

from collab_events.polling import ERASED_EMPLOYEE, BallotCredentialIssued
from collab_events.profile import EmployeeErased
from servicekit.projection import EventContext, Projection, ReadModels

TURNOUT = "turnout"
TURNOUT_ERASED = "turnout_erased"  # erased employees, for credentials that arrive later
ERASED = "erased"
TURNOUT_PROJECTION = Projection(
    name="turnout", sources=("polling", "profile"), collections=(TURNOUT, TURNOUT_ERASED)
)


@TURNOUT_PROJECTION.setup
async def create_indexes(models: ReadModels) -> None:
    """Turnout lists by poll, and an employee's entries for erasure."""
    await models[TURNOUT].create_index([("poll_id", 1), ("employee_id", 1)])
    await models[TURNOUT].create_index("employee_id")


# Batched: the one read, of the erased ids, sees every earlier erasure, because only the
# erasure handler (not batched, so it runs after the writes queued before it) writes them.
@TURNOUT_PROJECTION.on(BallotCredentialIssued, batched=True)
async def record_participation(event: BallotCredentialIssued, ctx: EventContext) -> None:
    """One entry per voter stream; no time is kept."""
    fields: dict[str, object] = {"poll_id": event.poll_id, "employee_id": event.employee_id}
    # Topics interleave: the erasure may have been applied first (a rebuild, a lagging topic).
    if await is_erased(ctx, TURNOUT_ERASED, event.employee_id):
        fields.update({"employee_id": None, ERASED: True})
    ctx.writes.upsert_if_newer(ctx.models[TURNOUT], ctx.envelope.subject, ctx.version, fields)


async def is_erased(ctx: EventContext, erased: str, employee_id: str) -> bool:
    """Whether the employee was erased (a stored event redacted on erasure names nobody)."""
    if employee_id == ERASED_EMPLOYEE:
        return True
    return await ctx.models[erased].find_one({"_id": employee_id}) is not None


@TURNOUT_PROJECTION.on(EmployeeErased)
async def forget_voter(event: EmployeeErased, ctx: EventContext) -> None:
    """The entries stay for the counts; the id goes."""
    await ctx.models[TURNOUT_ERASED].update_one(
        {"_id": event.employee_id}, {"$set": {ERASED: True}}, upsert=True
    )
    await ctx.models[TURNOUT].update_many(
        {"employee_id": event.employee_id}, {"$set": {"employee_id": None, ERASED: True}}
    )
