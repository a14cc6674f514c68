"""Sign-in with OpenID Connect (authorization code + PKCE), sign-out and the JWKS."""

from __future__ import annotations

import secrets
import time
from typing import Any

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.starlette_client import OAuth
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from gateway_service import i18n
from gateway_service.auth.matching import match_employee, roles_from, usernames_from
from gateway_service.config import Settings
from gateway_service.web.csrf import verify_csrf
from gateway_service.web.session import Person
from gateway_service.web.templating import render

router = APIRouter(dependencies=[Depends(verify_csrf)])


def oauth_client(settings: Settings) -> Any:
    """The IdP's client: discovery from the issuer, PKCE with S256."""
    oauth = OAuth()
    oauth.register(
        "idp",
        server_metadata_url=f"{settings.oidc_issuer.rstrip('/')}/.well-known/openid-configuration",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret.get_secret_value(),
        client_kwargs={"scope": settings.oidc_scopes, "code_challenge_method": "S256"},
    )
    return oauth.idp


@router.get("/signin", include_in_schema=False)
async def sign_in(request: Request, next: str = "/") -> Response:
    """Send the person to the IdP; they come back to ``/auth/callback``."""
    request.session["next"] = next if next.startswith("/") and not next.startswith("//") else "/"
    settings: Settings = request.app.state.settings
    redirect_uri = f"{settings.public_url.rstrip('/')}/auth/callback"
    response: Response = await request.app.state.oidc.authorize_redirect(request, redirect_uri)
    return response


@router.get("/auth/callback", include_in_schema=False)
async def callback(request: Request) -> Response:
    """Exchange the code, match the employee, start the session."""
    state, settings = request.app.state, request.app.state.settings
    try:
        token = await state.oidc.authorize_access_token(request)
    except OAuthError as exc:
        message = i18n.gettext("Sign-in did not complete: %(reason)s") % {"reason": exc.error}
        return render(request, "errors/error.html", 400, message=message, status=400)
    claims = dict(token.get("userinfo") or {})
    usernames = usernames_from(claims, settings.oidc_username_claims)
    employee = await match_employee(state.service_clients, state.minter, usernames)
    if employee is None:
        request.session.clear()
        return render(request, "auth/not_employee.html", 403, usernames=usernames)
    person = Person(
        employee_id=employee.employee_id,
        name=employee.name,
        roles=roles_from(claims, settings.oidc_roles_claim, settings.grantable_roles),
        sid=secrets.token_urlsafe(16),
        signed_in_at=time.time(),
    )
    target = request.session.get("next", "/")
    request.session.clear()  # a fresh session (and CSRF token) for the signed-in person
    request.session["person"] = person.as_session()
    if employee.locale:
        request.session["locale"] = employee.locale.split("-")[0]
    return RedirectResponse(target, status_code=303)


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    """End the session: this cookie is refused from now on, even a copy of it."""
    person = request.session.get("person")
    if person:
        request.app.state.ended_sessions.end(str(person["sid"]))
    request.session.clear()
    return RedirectResponse("/signed-out", status_code=303)


@router.get("/signed-out", include_in_schema=False)
async def signed_out(request: Request) -> Response:
    """Confirmation after logout."""
    return render(request, "auth/signed_out.html")


@router.post("/locale", include_in_schema=False)
async def switch_locale(request: Request, locale: str = Form(), next: str = Form("/")) -> Response:
    """The language switcher: remembered in the session."""
    if locale in i18n.LOCALES:
        request.session["locale"] = locale
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    return RedirectResponse(target, status_code=303)


@router.get("/.well-known/jwks.json", include_in_schema=False)
async def jwks(request: Request) -> Response:
    """The public keys of the gateway's service tokens (services' COLLAB_JWT_JWKS_URL)."""
    return JSONResponse(request.app.state.minter.jwks(), headers={"Cache-Control": "max-age=300"})
