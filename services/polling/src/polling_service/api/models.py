"""Request and response bodies of the polling API, with explicit limits."""

from __future__ import annotations

from typing import Annotated

from collab_events.ids import ID_PATTERN
from collab_events.polling import (
    MAX_OPTIONS,
    OPTION_ID_PATTERN,
    OptionId,
    PollAudience,
    PollKind,
    PollOption,
    PollResults,
    Rating,
    ResultsVisibility,
    Secrecy,
)
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, WithJsonSchema

B64URL = r"^[A-Za-z0-9_-]+$"
# pydantic documents the keys as patternProperties, which admit any other key too.
RATINGS_SCHEMA = {
    "type": "object",
    "propertyNames": {"pattern": OPTION_ID_PATTERN, "maxLength": 3},
    "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5},
    "maxProperties": MAX_OPTIONS,
}
Ratings = Annotated[
    dict[OptionId, Rating], Field(max_length=MAX_OPTIONS), WithJsonSchema(RATINGS_SCHEMA)
]
Id = Annotated[str, Field(pattern=ID_PATTERN)]
# ``post:<id>`` (feed) or ``article:<id>`` (news): where the poll is shown.
ATTACHMENT_PATTERN = r"^(post|article):[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewOption(_Body):
    """An answer or candidate; ids ``o1``, ``o2``, … follow the order given."""

    label: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)


class NewPoll(_Body):
    """A poll in a group (``group_id``) or for an ``audience``."""

    question: str = Field(min_length=1, max_length=500)
    description: str = Field(default="", max_length=5000)
    options: list[NewOption] = Field(min_length=2, max_length=MAX_OPTIONS)
    kind: PollKind = "single"
    min_choices: int = Field(default=1, ge=1, le=MAX_OPTIONS)
    max_choices: int = Field(default=1, ge=1, le=MAX_OPTIONS)
    abstain: bool = False
    quorum_percent: int | None = Field(default=None, ge=1, le=100)
    group_id: Id | None = None
    audience: PollAudience | None = None
    attached_to: str | None = Field(
        default=None,
        max_length=200,
        pattern=ATTACHMENT_PATTERN,
        description="The post (`post:<id>`) or article (`article:<id>`) that shows the poll; "
        "who votes is still its group's members or its audience.",
    )
    opens_at: AwareDatetime | None = None
    closes_at: AwareDatetime
    results_visibility: ResultsVisibility = "after_close"
    allow_change: bool = False
    secrecy: Secrecy = "open"


class BallotBody(_Body):
    """Exactly one of ``choice`` (single, multiple), ``ranking`` (ranked, best first),
    ``ratings`` (rating: option -> 1..5) or ``abstain: true``."""

    choice: list[OptionId] | None = Field(default=None, max_length=MAX_OPTIONS)
    ranking: list[OptionId] | None = Field(default=None, max_length=MAX_OPTIONS)
    ratings: Ratings | None = None
    abstain: bool = False


class SecretBallotBody(BallotBody):
    """A secret poll's ballot: the RFC 9474 prepared message and its signature."""

    token: str = Field(min_length=1, max_length=200, pattern=B64URL)
    signature: str = Field(min_length=1, max_length=1400, pattern=B64URL)


class CredentialRequest(_Body):
    """The blinded message (base64url), modulus-length bytes."""

    blinded_message: str = Field(min_length=1, max_length=1400, pattern=B64URL)


class CredentialAnswer(BaseModel):
    """The blind signature (base64url)."""

    blind_signature: str


class Receipt(BaseModel):
    """What the voter keeps to find their ballot in the published list."""

    receipt: str


class PollCommandResult(BaseModel):
    """The poll's id and its stream's new version."""

    id: str
    version: int


class CancelBody(_Body):
    """Why the poll is cancelled."""

    reason: str = Field(default="", max_length=500)


class MyStanding(BaseModel):
    """The caller and this poll."""

    owner: bool
    eligible: bool
    voted: bool


class PollView(BaseModel):
    """A poll's definition, status and the caller's standing."""

    id: str
    version: int
    owner_id: str
    question: str
    description: str
    options: list[PollOption]
    kind: PollKind
    min_choices: int
    max_choices: int
    abstain: bool
    quorum_percent: int | None
    group_id: str | None
    audience: PollAudience | None
    attached_to: str | None
    opens_at: str | None
    closes_at: str
    results_visibility: ResultsVisibility
    allow_change: bool
    secrecy: Secrecy
    status: str
    eligible_count: int | None
    me: MyStanding


class BallotKeyView(BaseModel):
    """The poll's RSA public key as a JWK (RFC 7517) and the RFC 9474 variant."""

    kty: str
    n: str
    e: str
    kid: str
    alg: str = "RSABSSA-SHA384-PSS-Randomized"


class ResultsView(BaseModel):
    """Counts, IRV rounds or ratings; final once the poll closed (with the ballot digest)."""

    status: str
    final: bool
    results: PollResults
    ballot_count: int | None = None
    credential_count: int | None = None
    ballot_digest: str | None = None


class BallotView(BaseModel):
    """A published ballot (a secret one with its token and signature)."""

    ballot_id: str
    receipt: str
    choice: list[str] | None = None
    ranking: list[str] | None = None
    ratings: dict[str, int] | None = None
    abstain: bool = False
    token: str | None = None
    signature: str | None = None


class BallotPage(BaseModel):
    """Ballots in ballot-id order."""

    items: list[BallotView]
    next_cursor: str | None = None


class TurnoutPage(BaseModel):
    """Who took part (null: an erased employee), in id order."""

    items: list[str | None]
    next_cursor: str | None = None
