"""Who sees a poll, and who sees its results, its ballots and its turnout.

A poll is visible to its owner, platform admins, the members of its frozen electorate,
and — by current facts — whoever may read its group or is in its audience; everyone
else gets 404. Results (``results_visibility``; a ``secret`` poll's only after close):

| mode | before close | after close |
|---|---|---|
| always | everyone who sees the poll | everyone who sees the poll |
| after_vote | those who took part | everyone who sees the poll |
| after_close | nobody | everyone who sees the poll |
| owners | owners | owners |

The published ballot list and the turnout list are for owners and the electorate,
after close (owners see an open or anonymous poll's turnout while it runs).
"""

from __future__ import annotations

from dataclasses import dataclass

from collab_events.polling import AudienceCriteria, PollAudience, PollCreated
from collab_replicas import Replicas
from collab_replicas.audience import Audience, Criteria

from polling_service.domain.errors import PollNotFound
from polling_service.domain.model import Caller, PollState
from polling_service.registries.electorates import Electorates


def _criteria(c: AudienceCriteria) -> Criteria:
    return Criteria(
        tuple(c.countries), tuple(c.departments), tuple(c.locations),
        tuple(c.languages), tuple(c.groups), tuple(c.employees),
    )  # fmt: skip


def audience_of(audience: PollAudience) -> Audience:
    """The replicas' audience for a poll's."""
    return Audience(_criteria(audience.include), _criteria(audience.exclude), audience.everyone)


@dataclass(frozen=True, slots=True)
class Standing:
    """The caller's relation to one poll."""

    owner: bool
    admin: bool
    eligible: bool
    voted: bool


async def in_scope(replicas: Replicas, poll: PollCreated, caller: Caller) -> bool:
    """Whether the caller may read the poll's group, or is in its audience, now."""
    if poll.group_id is not None:
        return await replicas.groups.can_read(poll.group_id, caller.employee_id, admin=caller.admin)
    assert poll.audience is not None
    return await replicas.admits(audience_of(poll.audience), caller.employee_id)


async def standing(
    replicas: Replicas, electorates: Electorates, state: PollState, caller: Caller, voted: bool
) -> Standing:
    """The caller's standing; PollNotFound when they may not see the poll."""
    if state.created is None:
        raise PollNotFound("no such poll")
    eligible = state.opened is not None and await electorates.admits(
        state.opened.electorate_id, caller.employee_id
    )
    me = Standing(state.is_owner(caller), caller.admin, eligible, voted)
    if not (me.owner or me.admin or me.eligible or await in_scope(replicas, state.poll, caller)):
        raise PollNotFound("no such poll")
    return me


def may_see_results(state: PollState, me: Standing) -> bool:
    """The table above."""
    mode, closed = state.poll.results_visibility, state.status == "closed"
    if mode == "owners":
        return me.owner and (closed or state.poll.secrecy != "secret")
    if closed:
        return True
    if state.poll.secrecy == "secret" or state.status in ("scheduled", "cancelled"):
        return False
    return mode == "always" or (mode == "after_vote" and me.voted)


def may_see_ballots(state: PollState, me: Standing) -> bool:
    """The published ballot list: owners and the electorate, after close."""
    return state.status == "closed" and (me.owner or me.eligible)


def may_see_turnout(state: PollState, me: Standing) -> bool:
    """Turnout: owners (while it runs too, except secret polls), the electorate after close."""
    if state.status == "closed":
        return me.owner or me.eligible
    return me.owner and state.poll.secrecy != "secret"
