"""'Download my data': every service's own export of the person, gathered into one file."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from gateway_service.config import SERVICES
from gateway_service.i18n import gettext as _
from gateway_service.web.csrf import verify_csrf
from gateway_service.web.services import Api, ServiceApi, ServiceProblem, ServiceUnavailable
from gateway_service.web.session import SignedIn
from gateway_service.web.templating import render

router = APIRouter(dependencies=[Depends(verify_csrf)])
log = logging.getLogger(__name__)
EXPORT_PATH = "/v1/me/export"


class MyDataExport(BaseModel):
    """The downloaded file: each service's part as it sent it, and what could not be read."""

    employee_id: str = Field(description="The signed-in person whose data this is.")
    generated_at: datetime = Field(description="When the gateway gathered the parts (UTC).")
    complete: bool = Field(description="True when every service's part is in `services`.")
    services: dict[str, dict[str, Any]] = Field(
        description="Each service's own `GET /v1/me/export` answer, unchanged, by service name."
    )
    missing: dict[str, str] = Field(
        description="Services whose part could not be read, each with the reason; "
        "every service is either here or in `services`."
    )


class PartMissing(Exception):
    """A service's part could not be read; the message says why, for the person."""


@router.get("/me/data", response_class=HTMLResponse)
async def my_data(request: Request, person: SignedIn) -> HTMLResponse:
    """What "download my data" gives and the button."""
    return render(request, "people/my_data.html")


@router.get(
    "/me/data/export.json",
    responses={200: {"model": MyDataExport, "description": "The person's data, one JSON file."}},
)
async def export(person: SignedIn, api: Api) -> Response:
    """Everything the services hold about the person, as one JSON file."""
    generated_at = datetime.now(UTC)
    parts = await asyncio.gather(*(_part(api, service) for service in SERVICES))
    answered = dict(zip(SERVICES, parts, strict=True))
    document = MyDataExport(
        employee_id=person.employee_id,
        generated_at=generated_at,
        complete=all(isinstance(part, dict) for part in parts),
        services={s: part for s, part in answered.items() if isinstance(part, dict)},
        missing={s: str(part) for s, part in answered.items() if isinstance(part, PartMissing)},
    )
    filename = f"collab-hub-my-data-{generated_at.date().isoformat()}.json"
    return Response(
        document.model_dump_json(indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def _part(api: ServiceApi, service: str) -> dict[str, Any] | PartMissing:
    """One service's export, or why it is missing (never raised: the others still count)."""
    try:
        response = await api.send(service, "GET", EXPORT_PATH)
        body = response.json()
    except ServiceUnavailable:
        log.warning("export: service %s unreachable", service)
        return PartMissing(_("The service could not be reached in time. Please try again later."))
    except ServiceProblem as problem:
        log.warning("export: service %s answered %s", service, problem.status)
        return PartMissing(_problem_reason(problem.status))
    except (httpx.HTTPError, ValueError):
        log.warning("export: service %s sent an unreadable answer", service, exc_info=True)
        return PartMissing(_("The service's answer could not be read. Please try again later."))
    if not isinstance(body, dict):
        log.warning("export: service %s answered no JSON object", service)
        return PartMissing(_("The service's answer could not be read. Please try again later."))
    return body


def _problem_reason(status: int) -> str:
    """The reason for a service's error answer, in the person's language."""
    if status == 404:
        return _("The service has no export of your data (it answered 404).")
    if status == 401:
        return _("The service did not accept your sign-in (401). Please sign in again and retry.")
    return _("The service answered an error (%(status)s). Please try again later.") % {
        "status": status
    }
