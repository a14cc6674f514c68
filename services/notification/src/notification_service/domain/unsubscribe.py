"""Signed one-click unsubscribe tokens (RFC 8058): who, which type, no login needed."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import cast, get_args

from collab_events.notification import NotificationType

ALL = "all"  # the token of a digest turns the digest off


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    """Turn off e-mail of ``type`` (or the digest, ``all``) for ``employee_id``."""

    employee_id: str
    type: NotificationType | str


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(request: Unsubscribe, secret: str) -> str:
    """``<payload>.<HMAC-SHA256>``, both base64url."""
    payload = _b64(f"{request.employee_id}\n{request.type}".encode())
    mac = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return f"{payload}.{_b64(mac)}"


def verify(token: str, secret: str) -> Unsubscribe | None:
    """The request a token names, or None when it is forged or malformed."""
    payload, _, mac = token.partition(".")
    expected = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    try:
        if not hmac.compare_digest(_unb64(mac), expected):
            return None
        employee_id, _, type_ = _unb64(payload).decode().partition("\n")
    except (ValueError, UnicodeDecodeError):
        return None
    if type_ != ALL and type_ not in get_args(NotificationType):
        return None
    return Unsubscribe(employee_id, cast(NotificationType, type_) if type_ != ALL else ALL)
