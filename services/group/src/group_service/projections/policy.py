"""The ``owner_policy`` subscriber: keeps groups owned when an owner is deactivated or erased.

It is a projection without collections of its own: for each EmployeeDeactivated
or EmployeeErased it issues commands (appends events) through the handlers.
Redelivery is harmless: the decisions see the streams' current state and
append nothing once the departure was handled. It reads the live read models
(no prefix) even during a rebuild, because the commands act on the present.
"""

from __future__ import annotations

from collab_events.profile import EmployeeDeactivated, EmployeeErased
from servicekit.eventstore import EventStore, Metadata
from servicekit.projection import EventContext, Projection, ReadModels

from group_service.handlers.departures import handle_departure
from group_service.queries.directory import ReadModelDirectory


def _metadata(ctx: EventContext) -> Metadata:
    return Metadata(correlation_id=ctx.envelope.correlationid, causation_id=ctx.envelope.id)


def owner_policy_projection() -> Projection:
    """The policy subscriber with its two handlers."""
    projection = Projection(name="owner_policy", sources=("profile",), collections=())

    @projection.on(EmployeeDeactivated)
    async def keep_groups_owned_after_deactivation(
        event: EmployeeDeactivated, ctx: EventContext
    ) -> None:
        db = ctx.models.db
        await handle_departure(
            EventStore(db),
            ReadModelDirectory(ReadModels(db)),
            event.employee_id,
            "deactivated",
            _metadata(ctx),
        )

    @projection.on(EmployeeErased)
    async def end_memberships_of_erased(event: EmployeeErased, ctx: EventContext) -> None:
        db = ctx.models.db
        await handle_departure(
            EventStore(db),
            ReadModelDirectory(ReadModels(db)),
            event.employee_id,
            "erased",
            _metadata(ctx),
        )

    return projection
