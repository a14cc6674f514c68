"""GDPR Art. 15/20: the caller's data export."""

from __future__ import annotations

from fastapi import APIRouter

from notification_service.api.deps import Me, Models
from notification_service.api.errors import DomainRoute
from notification_service.queries.export import export_employee
from notification_service.queries.export_models import NotificationExport

router = APIRouter(prefix="/v1", tags=["privacy"], route_class=DomainRoute)

EXPORT_RULES = """Everything the notification service holds about the caller, as one
document (GDPR Art. 15/20); an employee it knows nothing about gets empty lists and
`preferences: null`.

- `recipient`: the address, locale, time zone and status the service delivers by.
- `preferences`: the stored preferences (channels per type, mutes, digest and when the
  mailer next looks at it); null while the defaults apply.
- `notifications`: every stored notification, also those the preferences keep out of the
  centre (`in_centre: false`), titled in the caller's language, with its actors and counts.
- `mails`: every mail composed for the caller (immediate or digest), its subject, lines and
  delivery times. Unsubscribe links (signed capabilities) and mail-server errors are left out.

Other people appear only as the actors of the caller's own notifications, as the centre and
`…/why` already show them."""


@router.get("/me/export", description=EXPORT_RULES)
async def export_my_data(me: Me, models: Models) -> NotificationExport:
    """Everything this service holds about the caller, as one JSON document."""
    return await export_employee(models, me)
