"""Bearer-token authentication as a FastAPI dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from servicekit.auth import AuthenticationFailed, Principal, TokenVerifier
from servicekit.http.problems import Problem

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="collab"'}
_bearer = HTTPBearer(auto_error=False, description="JWT signed by the identity provider")


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The authenticated caller, or 401 problem+json."""
    verifier: TokenVerifier = request.app.state.verifier
    if credentials is None or not credentials.credentials.strip():
        raise Problem(
            401,
            "Authentication required",
            detail="Send 'Authorization: Bearer <jwt>'.",
            headers=_CHALLENGE,
        )
    try:
        return verifier.verify(credentials.credentials.strip())
    except AuthenticationFailed as exc:
        raise Problem(401, "Authentication failed", detail=str(exc), headers=_CHALLENGE) from None


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(principal: Principal, *roles: str) -> None:
    """403 unless the caller holds one of ``roles``."""
    if not principal.has_role(*roles):
        raise Problem(403, "Forbidden", detail=f"Requires one of the roles: {', '.join(roles)}.")
