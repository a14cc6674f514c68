"""Employee commands: one runner for every decision on an ``employee:<id>`` stream.

The runner decides on the loaded state, runs the cross-stream checks the
decision needs (manager, userName claim), then appends at exactly the version
it decided on. A conflict re-runs everything on fresh state, unless the client
pinned a version with If-Match (then 412).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from collab_events import Event
from servicekit.commands import CommandResult, PreconditionFailed
from servicekit.eventstore import ConcurrencyError, Metadata

from profile_service.domain.employee import Employee, fold_events, subject
from profile_service.domain.fields import user_name_key as claim_key
from profile_service.handlers.managers import check_manager_change
from profile_service.handlers.ports import Ports, load_employee

Decide = Callable[[Employee], Sequence[Event]]
ATTEMPTS = 10  # profile edits touch disjoint fields: retrying a conflict rarely fails twice


async def run_employee_command(
    ports: Ports,
    employee_id: str,
    decide: Decide,
    *,
    actor: str | None,
    expected_version: int | None = None,
) -> tuple[CommandResult, Employee]:
    """Run ``decide`` on the employee's stream; returns the result and the new state."""
    for attempt in range(ATTEMPTS):
        before, version = await load_employee(ports.store, employee_id)
        if expected_version is not None and expected_version != version:
            raise PreconditionFailed(subject(employee_id), expected_version, version)
        events = list(decide(before))
        if not events:  # nothing changes: an idempotent repeat
            return CommandResult(subject(employee_id), version, []), before
        after = fold_events(before, events)
        await check_manager_change(ports.store, before, after)
        try:
            result = await _append(ports, before, after, events, version, actor)
        except ConcurrencyError as exc:
            if expected_version is not None:  # the client's version was overtaken: 412
                current = await ports.store.version(subject(employee_id))
                raise PreconditionFailed(exc.subject, expected_version, current) from exc
            if attempt == ATTEMPTS - 1:
                raise
            continue
        await ports.acknowledged.record(after, result.version)  # before anyone is told
        return result, after
    raise AssertionError("unreachable")


async def _append(
    ports: Ports,
    before: Employee,
    after: Employee,
    events: list[Event],
    version: int,
    actor: str | None,
) -> CommandResult:
    """Append at ``version``, claiming the userName first and releasing the old one after."""
    wanted, held = _active_name(after), _active_name(before)
    claimed = False
    if wanted is not None and claim_key(wanted) != claim_key(held or ""):
        claimed = await ports.claims.claim(wanted, after.employee_id)
    try:
        appended = await ports.store.append(
            subject(after.employee_id),
            events,
            expected_version=version,
            metadata=Metadata(actor_id=actor),
        )
    except BaseException:
        if claimed and wanted is not None:
            await ports.claims.release(wanted, after.employee_id)
        raise
    if held is not None and claim_key(held) != claim_key(wanted or ""):
        await ports.claims.release(held, after.employee_id)
    return CommandResult(subject(after.employee_id), version + len(appended), appended)


def _active_name(state: Employee) -> str | None:
    return state.user_name if state.exists and state.active else None
