"""GDPR Art. 15/20: the caller's data export."""

from __future__ import annotations

from fastapi import APIRouter

from polling_service.api.deps import CurrentCaller, PortsDep
from polling_service.api.errors import DomainRoute
from polling_service.api.export_models import PollingExport
from polling_service.queries.export import export_employee

router = APIRouter(prefix="/v1", tags=["privacy"], route_class=DomainRoute)

EXPORT_RULES = """Everything the polling service holds about the caller, as one document
(GDPR Art. 15/20); an employee it knows nothing about gets empty lists.

- `owned_polls`: every poll the caller created, with its definition, status and times;
  the final result only once closed and as its `results_visibility` shows it to owners.
- `participation`: every poll whose frozen electorate holds the caller, or whose turnout
  names them, with whether they took part (secret polls: a credential was issued).
- `open_ballots`: the caller's own current ballot in polls of secrecy `open` only, where
  the owner already sees who voted what.

Anonymous and secret polls give participation and nothing else: no choice, ballot id,
receipt, token, blinded digest or time of the caller's credential or ballot, since any
of them could link the caller to a ballot that the service keeps unlinkable."""


@router.get("/me/export", description=EXPORT_RULES)
async def export_my_data(caller: CurrentCaller, ports: PortsDep) -> PollingExport:
    """Everything this service holds about the caller, as one JSON document."""
    return await export_employee(ports, caller.employee_id)
