"""Read model ``ballots``: every published ballot (newest version per ballot stream).

Open polls' ballots arrive as they are cast, with the voter (for the owner's export);
anonymous and secret ballots arrive when the poll closes, with no voter. An erased
voter's open ballots stay, without their id.
"""

from __future__ import annotations

from collab_events.polling import BallotCast, VoteChanged
from collab_events.profile import EmployeeErased
from servicekit.projection import EventContext, Projection, ReadModels

from polling_service.projections.turnout import is_erased

BALLOTS = "ballots"
BALLOTS_ERASED = "ballots_erased"  # erased voters, for open ballots that arrive later
BALLOTS_PROJECTION = Projection(
    name="ballots", sources=("polling", "profile"), collections=(BALLOTS, BALLOTS_ERASED)
)


@BALLOTS_PROJECTION.setup
async def create_indexes(models: ReadModels) -> None:
    """Ballot lists by poll in ballot-id order; an open voter's ballots for erasure."""
    await models[BALLOTS].create_index([("poll_id", 1), ("ballot_id", 1)])
    await models[BALLOTS].create_index("voter_id")


# Batched, like the turnout (see there): only the erasure handler writes the erased ids.
@BALLOTS_PROJECTION.on(BallotCast, batched=True)
@BALLOTS_PROJECTION.on(VoteChanged, batched=True)
async def keep_ballot(event: BallotCast, ctx: EventContext) -> None:
    """The ballot stream's newest ballot."""
    fields = event.model_dump(mode="json")
    # Topics interleave: the voter's erasure may have been applied first.
    if event.voter_id and await is_erased(ctx, BALLOTS_ERASED, event.voter_id):
        fields["voter_id"] = None
    ctx.writes.upsert_if_newer(ctx.models[BALLOTS], ctx.envelope.subject, ctx.version, fields)


@BALLOTS_PROJECTION.on(EmployeeErased)
async def forget_open_voter(event: EmployeeErased, ctx: EventContext) -> None:
    """Open ballots stay counted; the voter's id goes."""
    await ctx.models[BALLOTS_ERASED].update_one(
        {"_id": event.employee_id}, {"$set": {"erased": True}}, upsert=True
    )
    await ctx.models[BALLOTS].update_many(
        {"voter_id": event.employee_id}, {"$set": {"voter_id": None}}
    )
