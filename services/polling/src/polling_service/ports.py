"""What handlers, queries and the timer use, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from collab_replicas import Replicas
from servicekit.projection import ReadModels
from servicekit.streams import EventStorePort, Metadata

from polling_service.config import PollingOptions
from polling_service.domain.model import Caller
from polling_service.domain.pseudonyms import Pseudonyms
from polling_service.handlers.known import KnownPolls
from polling_service.queries.live import LiveTallies
from polling_service.registries.ballot_box import BallotBox
from polling_service.registries.electorates import Electorates
from polling_service.registries.secrets import PollSecrets


@dataclass(frozen=True)
class Ports:
    """The event store, read models and replicas, and the polling registries."""

    store: EventStorePort
    models: ReadModels
    replicas: Replicas
    electorates: Electorates
    box: BallotBox
    secrets: PollSecrets
    options: PollingOptions
    live: LiveTallies
    pseudonyms: Pseudonyms
    known: KnownPolls

    def voter_key(self, poll_id: str, employee_id: str) -> str:
        """The pseudonym naming the employee's voter stream in the poll."""
        return self.pseudonyms.voter(poll_id, employee_id)


def by(caller: Caller | None) -> Metadata:
    """Metadata naming the caller as the actor (None: the service itself)."""
    return Metadata(actor_id=None if caller is None else caller.employee_id)
