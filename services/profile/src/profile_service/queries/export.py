"""GDPR Art. 15/20: everything this service holds about one employee, as one document."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from profile_service.ports import Ports
from profile_service.queries import directory, follows, records


async def export_employee(ports: Ports, employee_id: str) -> dict[str, Any] | None:
    """The employee's profile, directory entry, follows, userName claim and own events."""
    record = await records.employee_record(ports.store, employee_id)
    if not record.state.exists:
        return None
    models = ports.models
    following = await follows.relationships(models, "following", employee_id)
    followers = await follows.relationships(models, "followers", employee_id)
    return {
        "employee_id": employee_id,
        "exported_at": datetime.now(UTC).isoformat(),
        "profile": dict(record.state.profile),
        "active": record.state.active,
        "version": record.version,
        "directory_entry": _jsonable(await directory.get_entry(models, employee_id)),
        "following": [_jsonable(doc) for doc in following],
        "followers": [_jsonable(doc) for doc in followers],
        "user_name_claim": _jsonable(await ports.claims.of_employee(employee_id)),
        "events": await records.own_events(ports.store, employee_id),
    }


def _jsonable(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored document with datetimes as ISO strings."""
    if doc is None:
        return None
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in doc.items()}
