"""Every failure becomes a page a person can read: no stack trace, no raw problem+json."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from gateway_service.i18n import gettext as _
from gateway_service.web.csrf import CsrfRefused
from gateway_service.web.services import ServiceProblem, ServiceUnavailable
from gateway_service.web.session import SignInRequired
from gateway_service.web.templating import is_htmx, render

log = logging.getLogger(__name__)


def problem_message(problem: ServiceProblem) -> str:
    """A human sentence for a service's problem, in the current locale."""
    by_status = {
        401: _("Your sign-in has expired. Please sign in again."),
        403: _("You are not allowed to do this."),
        404: _("This page does not exist or is not visible to you."),
        409: _("Someone changed this at the same time. Please reload and try again."),
        412: _("This was changed meanwhile. Please reload and try again."),
        400: _("Some of the entries are not valid. Please check them."),
        422: _("Some of the entries are not valid. Please check them."),
        429: _("Too many requests. Please wait a moment."),
        503: _("This part of Collab Hub is busy. Please try again in a moment."),
    }
    message = by_status.get(problem.status, _("Something went wrong. Please try again."))
    if problem.status in (400, 409, 422) and problem.title:
        return f"{message} ({problem.title})"
    return message


def install_error_pages(app: FastAPI) -> None:
    """Map the gateway's exceptions to pages (or to an htmx-friendly fragment)."""
    app.add_exception_handler(SignInRequired, _sign_in)  # type: ignore[arg-type]
    app.add_exception_handler(CsrfRefused, _csrf_refused)  # type: ignore[arg-type]
    app.add_exception_handler(ServiceProblem, _service_problem)  # type: ignore[arg-type]
    app.add_exception_handler(ServiceUnavailable, _service_unavailable)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """The error page, or for htmx the message fragment swapped into ``#messages``."""
    if is_htmx(request):
        response = render(request, "errors/message.html", status, message=message)
        response.headers["HX-Retarget"] = "#messages"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "errors/error.html", status, message=message, status=status)


async def _sign_in(request: Request, exc: SignInRequired) -> Response:
    target = f"/signin?next={quote(request.url.path)}"
    if is_htmx(request):
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


async def _csrf_refused(request: Request, exc: CsrfRefused) -> Response:
    message = _("This form has expired. Please reload the page and send it again.")
    return error_page(request, 403, message)


async def _service_problem(request: Request, exc: ServiceProblem) -> Response:
    log.info("service %s answered %s %s", exc.service, exc.status, exc.type)
    if exc.status == 401:
        request.session.clear()
        return await _sign_in(request, SignInRequired())
    status = exc.status if exc.status in (400, 403, 404, 409, 412, 422, 429) else 502
    return error_page(request, status, problem_message(exc))


async def _service_unavailable(request: Request, exc: ServiceUnavailable) -> Response:
    log.warning("service %s unreachable", exc.service)
    message = _("This part of Collab Hub cannot be reached right now. Please try again soon.")
    return error_page(request, 503, message)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code == 404:
        return error_page(request, 404, _("This page does not exist."))
    return error_page(request, exc.status_code, _("The request could not be handled."))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path)
    return error_page(request, 500, _("Something went wrong on our side. Please try again."))
