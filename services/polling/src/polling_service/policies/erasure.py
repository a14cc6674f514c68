"""On ``EmployeeErased``: the stored events stop naming the voter.

The employee's credentials (``BallotCredentialIssued.employee_id``, the turnout record of
every poll they took part in) are found by the event store's ``employee_id`` index, and
the ``open`` ballot of each such poll by the voter's pseudonym; the store blanks the id
in both (``store.redact``). Nothing is appended and nothing is removed, so the turnout,
the ballot counts and the results of closed polls stay as they were. The open ballot is
redacted before the credential that leads to it: a redelivery after a crash in between
still finds the credential and finishes. The read models forget the id on their own
(``projections/turnout.py``, ``projections/ballots.py``).
"""

from __future__ import annotations

from collab_events.polling import BallotCast, BallotCredentialIssued, VoteChanged
from collab_events.profile import EmployeeErased
from servicekit.policy import Policy, PolicyContext

from polling_service.domain.streams import ballot_subject
from polling_service.ports import Ports

VOTER_FIELD = "employee_id"  # an indexed field of the event store (app.py)
CREDENTIAL = {BallotCredentialIssued.type(): VOTER_FIELD}
OPEN_BALLOT = {BallotCast.type(): "voter_id", VoteChanged.type(): "voter_id"}

ERASURE = Policy(name="erasure", sources=("profile",))


def _poll_of(subject: str) -> str | None:
    """The poll of a voter stream ``poll:<p>/voter:<v>`` (None for any other stream)."""
    head, _, _ = subject.partition("/voter:")
    return head.removeprefix("poll:") if head != subject and head.startswith("poll:") else None


@ERASURE.on(EmployeeErased)
async def redact_erased_voter(event: EmployeeErased, ctx: PolicyContext[Ports]) -> None:
    """Blank the employee's id in their credentials and open ballots."""
    me = event.employee_id
    for subject in await ctx.store.streams_where(VOTER_FIELD, me):
        poll_id = _poll_of(subject)
        if poll_id is None:
            continue
        ballot_id = ctx.ports.pseudonyms.open_ballot(poll_id, me)
        await ctx.store.redact(ballot_subject(poll_id, ballot_id), OPEN_BALLOT)
        await ctx.store.redact(subject, CREDENTIAL)
