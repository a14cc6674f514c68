"""Bearer-token authentication as a FastAPI dependency."""

from __future__ import annotations

from typing import Annotated

from collab_events.ids import ID_PATTERN, is_id
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from servicekit.auth import AuthenticationFailed, Principal, TokenVerifier
from servicekit.http.openapi import answers
from servicekit.http.problems import FORBIDDEN, UNAUTHENTICATED, Problem

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="collab"'}
_bearer = HTTPBearer(
    auto_error=False,
    description=f"JWT signed by the identity provider; its `sub` has the format {ID_PATTERN}",
)


@answers(UNAUTHENTICATED)
async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The authenticated caller, or 401 problem+json."""
    verifier: TokenVerifier = request.app.state.verifier
    if credentials is None or not credentials.credentials.strip():
        raise _unauthenticated("Send 'Authorization: Bearer <jwt>'.")
    try:
        principal = verifier.verify(credentials.credentials.strip())
    except AuthenticationFailed as exc:
        raise _unauthenticated(str(exc), "Authentication failed") from None
    if not is_id(principal.sub):
        # The subject names streams, headers and tokens: only ids of the one format pass.
        raise _unauthenticated("invalid token: sub is not an employee id", "Authentication failed")
    return principal


def _unauthenticated(detail: str, title: str | None = None) -> Problem:
    problem = UNAUTHENTICATED.problem(detail, headers=dict(_CHALLENGE))
    problem.title = title or problem.title
    return problem


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(principal: Principal, *roles: str) -> None:
    """403 unless the caller holds one of ``roles``; routes calling it document ``FORBIDDEN``."""
    if not principal.has_role(*roles):
        raise FORBIDDEN.problem(f"Requires one of the roles: {', '.join(roles)}.")
