"""CSRF protection: a per-session token in every form field or the ``X-CSRF-Token`` header."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

HEADER = "X-CSRF-Token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfRefused(Exception):
    """An unsafe request without the session's CSRF token."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


async def verify_csrf(request: Request) -> None:
    """Router dependency: unsafe methods must echo the session's token (form or header)."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get(HEADER)
    if sent is None and _is_form(request):
        sent_field = (await request.form()).get(FIELD)
        sent = sent_field if isinstance(sent_field, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise CsrfRefused


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
