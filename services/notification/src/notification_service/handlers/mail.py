"""Record a mail's outcome as an event of its own stream, exactly once."""

from __future__ import annotations

from dataclasses import dataclass

from collab_events import Event
from collab_events.notification import EmailFailed, EmailSent
from servicekit.commands import NO_CHANGE, Aggregate, CommandResult, Decision, execute, one_stream
from servicekit.streams import EventStorePort, Metadata


def mail_subject(mail_id: str) -> str:
    """The stream of one mail's delivery."""
    return f"mail:{mail_id}"


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    """Record that a mail was sent (or finally failed)."""

    outcome: EmailSent | EmailFailed


@dataclass(frozen=True, slots=True)
class MailState:
    """Whether an outcome was recorded."""

    recorded: bool = False


def _evolve(state: MailState, event: Event) -> MailState:
    return MailState(recorded=True) if isinstance(event, EmailSent | EmailFailed) else state


MAIL = Aggregate[MailState](initial=MailState, evolve=_evolve)


def decide_outcome(command: RecordOutcome, state: MailState) -> Decision:
    """The outcome event, unless one is recorded already (a retry after a crash)."""
    if state.recorded:
        return NO_CHANGE
    return Decision.of(mail_subject(command.outcome.mail_id), command.outcome)


async def record_outcome(store: EventStorePort, outcome: EmailSent | EmailFailed) -> CommandResult:
    """Append EmailSent / EmailFailed once per mail."""
    handler = one_stream(MAIL, lambda c: mail_subject(c.outcome.mail_id), decide_outcome, store)
    result = await execute(store, handler, RecordOutcome(outcome), metadata=Metadata())
    return result.result
