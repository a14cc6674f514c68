"""Decisions over reader, reminder and entrant streams."""

from __future__ import annotations

from collab_events.news import (
    MAX_IDS,
    ArticleAcknowledged,
    ArticleRead,
    MustReadAudienceJoined,
    MustReadReminderDue,
)
from servicekit.commands import NO_CHANGE, Decision

from news_service.domain.commands import Acknowledge, AddEntrants, RecordRead, SendReminders
from news_service.domain.model import ReaderState, RoundsState
from news_service.domain.streams import entrants_subject, reader_subject, reminders_subject


def decide_read(command: RecordRead, state: ReaderState) -> Decision:
    """The first read only."""
    if state.read:
        return NO_CHANGE
    event = ArticleRead(
        article_id=command.article_id, employee_id=command.employee_id,
        article_version=command.version, language=command.language,
    )  # fmt: skip
    return Decision.of(reader_subject(command.article_id, command.employee_id), event)


def decide_acknowledge(command: Acknowledge, state: ReaderState) -> Decision:
    """Acknowledge the current version (and read it, if not yet); a repeat changes nothing."""
    if state.acknowledged_version >= command.version:
        return NO_CHANGE
    subject = reader_subject(command.article_id, command.employee_id)
    read = decide_read(RecordRead(*_ids(command)), state)
    acknowledged = ArticleAcknowledged(
        article_id=command.article_id, employee_id=command.employee_id,
        article_version=command.version, language=command.language,
    )  # fmt: skip
    return read.plus(subject, acknowledged)


def _ids(command: Acknowledge) -> tuple[str, str, int, str]:
    return command.article_id, command.employee_id, command.version, command.language


def decide_reminders(command: SendReminders, state: RoundsState) -> Decision:
    """One round once, in events of at most MAX_IDS employees."""
    if command.round in state.rounds or not command.pending:
        return NO_CHANGE
    ids = sorted(set(command.pending))
    events = [_reminder(command, ids[i : i + MAX_IDS]) for i in range(0, len(ids), MAX_IDS)]
    return Decision.of(reminders_subject(command.article_id), *events)


def _reminder(command: SendReminders, ids: list[str]) -> MustReadReminderDue:
    return MustReadReminderDue(
        article_id=command.article_id, round=command.round, article_version=command.version,
        employee_ids=ids, acknowledge_by=command.acknowledge_by,
    )  # fmt: skip


def decide_entrants(command: AddEntrants, state: RoundsState) -> Decision:
    """Oblige the candidates not obliged already."""
    new = sorted(set(command.candidates) - state.entrants)
    events = [
        MustReadAudienceJoined(article_id=command.article_id, employee_ids=new[i : i + MAX_IDS])
        for i in range(0, len(new), MAX_IDS)
    ]
    return Decision.of(entrants_subject(command.article_id), *events)
