"""What never changes about a poll once it happened, kept per process.

A poll's definition (``PollCreated``) and its opening (``PollOpened``, with the frozen
electorate's id) are final: every cast needs them, and reading them again from the poll
stream each time was a read per ballot. Its status does change, so decisions still load
the poll stream; this only spares reads of what the stream can no longer change.
"""

from __future__ import annotations

from collab_events.polling import PollCreated, PollOpened

from polling_service.domain.model import PollState

MAX_POLLS = 10_000  # definitions are small; past this many the memory starts over


class KnownPolls:
    """Definitions and openings of the polls this process has loaded."""

    def __init__(self) -> None:
        self._created: dict[str, PollCreated] = {}
        self._opened: dict[str, PollOpened] = {}

    def remember(self, state: PollState) -> None:
        """Keep the final facts of a loaded poll."""
        if state.created is None:
            return
        if len(self._created) >= MAX_POLLS:
            self._created.clear()
            self._opened.clear()
        poll_id = state.created.poll_id
        self._created[poll_id] = state.created
        if state.opened is not None:
            self._opened[poll_id] = state.opened

    def created(self, poll_id: str) -> PollCreated | None:
        """The poll's definition, if this process has seen it."""
        return self._created.get(poll_id)

    def opened(self, poll_id: str) -> PollOpened | None:
        """The poll's opening, if this process has seen it."""
        return self._opened.get(poll_id)
