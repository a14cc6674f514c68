"""The owner policy: keeps groups owned when an owner is deactivated or erased.

It owns no collections: for each EmployeeDeactivated or EmployeeErased it runs
the departure commands with the ports the composition root built. Redelivery is
harmless: the decisions see the streams' current state and append nothing once
the departure was handled. The directory reads the live read models (no prefix)
even during a rebuild, because the commands act on the present.
"""

from __future__ import annotations

from collab_events.profile import EmployeeDeactivated, EmployeeErased
from servicekit.policy import Policy, PolicyContext

from group_service.handlers.departures import end_relations_of_erased, keep_groups_owned
from group_service.handlers.ports import Ports

OWNERS = Policy("owner_policy", sources=("profile",))


@OWNERS.on(EmployeeDeactivated)
async def keep_groups_owned_after_deactivation(
    event: EmployeeDeactivated, ctx: PolicyContext[Ports]
) -> None:
    """A deactivated last owner hands over to the longest-standing admin, or the group is
    flagged."""
    await keep_groups_owned(ctx.ports, event.employee_id, ctx.metadata)


@OWNERS.on(EmployeeErased)
async def end_memberships_of_erased(event: EmployeeErased, ctx: PolicyContext[Ports]) -> None:
    """An erased employee's memberships, requests and invitations end; groups stay owned."""
    await end_relations_of_erased(ctx.ports, event.employee_id, ctx.metadata)
