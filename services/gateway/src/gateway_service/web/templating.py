"""Jinja2 templates with gettext, Babel formats and what every page needs (CSRF, person)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from gateway_service import i18n
from gateway_service.web.csrf import csrf_token
from gateway_service.web.richtext import rich_text

TEMPLATES = Path(__file__).parent.parent / "templates"


def environment() -> Environment:
    """The one template environment: autoescaped, translated through the current locale."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the code: no stat of each file per page
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["datetime"] = i18n.format_datetime
    env.filters["number"] = i18n.format_number
    env.filters["rich"] = rich_text
    return env


def flash(request: Request, message: str) -> None:
    """A confirmation shown once on the next page (after a POST-redirect-GET)."""
    request.session["flash"] = message


def is_htmx(request: Request) -> bool:
    """True for a request htmx sent (it swaps a fragment, not the whole page)."""
    return request.headers.get("HX-Request") == "true"


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with the request's locale, CSRF token and signed-in person."""
    env: Environment = request.app.state.templates
    person = request.session.get("person")
    html = env.get_template(template).render(
        request=request,
        person=person,
        csrf_token=csrf_token(request),
        locale=i18n.current_locale(),
        locales=i18n.LOCALES,
        flash=request.session.pop("flash", None),
        **context,
    )
    return HTMLResponse(html, status_code=status_code)
