"""The body of ``GET /v1/me/export``: what the polling service holds about the caller."""

from __future__ import annotations

from collab_events.polling import (
    PollAudience,
    PollKind,
    PollOption,
    PollResults,
    ResultsVisibility,
    Secrecy,
)
from pydantic import BaseModel, Field

from polling_service.api.models import Ratings


class OwnedPoll(BaseModel):
    """A poll the caller created: its definition, lifecycle and, once closed, its result."""

    id: str = Field(description="The poll's id.")
    question: str
    description: str
    options: list[PollOption]
    kind: PollKind
    min_choices: int
    max_choices: int
    abstain: bool
    quorum_percent: int | None
    group_id: str | None = Field(description="The group whose members vote, or null.")
    audience: PollAudience | None = Field(description="Who votes when it is no group's poll.")
    attached_to: str | None
    opens_at: str | None = Field(description="When voting opens (ISO 8601); null: at creation.")
    closes_at: str = Field(description="The deadline (ISO 8601).")
    results_visibility: ResultsVisibility
    allow_change: bool
    secrecy: Secrecy
    status: str = Field(description="scheduled, open, ended, closed or cancelled.")
    created_at: str | None = Field(description="When the poll was created (ISO 8601).")
    ended_at: str | None = Field(description="When voting ended (ISO 8601), or null.")
    end_reason: str | None = Field(description="`deadline` or `owner`, or null.")
    eligible_count: int | None = Field(description="The frozen electorate's size, once open.")
    results: PollResults | None = Field(
        description="The final result when the poll is closed and its results_visibility "
        "shows it to the owner; null otherwise (a running poll's count: GET …/results)."
    )
    ballot_count: int | None = Field(description="Ballots counted (with results only).")
    credential_count: int | None = Field(description="Voters who took part (with results only).")
    ballot_digest: str | None = Field(description="The ballot-list digest (with results only).")


class Participation(BaseModel):
    """A poll the caller could vote in (frozen electorate) or took part in."""

    poll_id: str = Field(description="The poll's id.")
    question: str
    secrecy: Secrecy
    status: str = Field(description="scheduled, open, ended, closed or cancelled.")
    opens_at: str | None = Field(description="When voting opened (ISO 8601).")
    closes_at: str = Field(description="The deadline (ISO 8601).")
    eligible: bool = Field(description="Whether the caller is on the poll's frozen electorate.")
    took_part: bool = Field(
        description="open and anonymous polls: the caller cast a ballot; secret polls: the "
        "caller received a ballot credential (whether it was spent is not knowable)."
    )


class OpenBallot(BaseModel):
    """The caller's current ballot in a poll of secrecy ``open``."""

    poll_id: str = Field(description="The poll's id.")
    receipt: str = Field(description="The receipt the caller was given for this ballot.")
    choice: list[str] | None = None
    ranking: list[str] | None = None
    ratings: Ratings | None = None
    abstain: bool = False


class PollingExport(BaseModel):
    """Everything the polling service holds about the caller (GDPR Art. 15/20)."""

    employee_id: str = Field(description="The caller.")
    exported_at: str = Field(description="When this export was made (ISO 8601).")
    owned_polls: list[OwnedPoll] = Field(description="Polls the caller created, by id.")
    participation: list[Participation] = Field(
        description="Polls the caller was eligible for or took part in, by id; no choice."
    )
    open_ballots: list[OpenBallot] = Field(
        description="The caller's own ballots, in polls of secrecy `open` only, by poll id."
    )
