"""Composition root: settings, key, IdP client, service clients, middleware, page routers."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from gateway_service import pages
from gateway_service.auth import routes as auth_routes
from gateway_service.auth.tokens import TokenMinter, load_or_create_key
from gateway_service.config import Settings
from gateway_service.web.errors import install_error_pages
from gateway_service.web.headers import LocaleAndHeaders
from gateway_service.web.services import ServiceClients
from gateway_service.web.session import EndedSessions
from gateway_service.web.templating import TEMPLATES, environment

STATIC = TEMPLATES.parent / "static"


def page_routers() -> list[APIRouter]:
    """The ``router`` of every module in ``gateway_service.pages`` (one module per area)."""
    found = []
    for module in sorted(pkgutil.iter_modules(pages.__path__), key=lambda m: m.name):
        router = getattr(importlib.import_module(f"{pages.__name__}.{module.name}"), "router", None)
        if isinstance(router, APIRouter):
            found.append(router)
    return found


def create_app(settings: Settings | None = None) -> FastAPI:
    """The gateway's web app."""
    settings = settings or Settings()
    clients = ServiceClients(settings.service_urls(), settings.service_timeout_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await clients.aclose()

    app = FastAPI(title="Collab Hub", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.service_clients = clients
    app.state.minter = TokenMinter(
        load_or_create_key(settings.token_private_key_file),
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        ttl_s=settings.token_ttl_s,
    )
    app.state.oidc = auth_routes.oauth_client(settings)
    app.state.templates = environment()
    app.state.ended_sessions = EndedSessions(settings.session_max_s)
    # Outermost last: the session is decoded before the locale is chosen from it.
    app.add_middleware(LocaleAndHeaders)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret.get_secret_value(),
        session_cookie="collab_session",
        max_age=settings.session_idle_s,
        same_site="lax",
        https_only=not settings.development,
    )
    install_error_pages(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_health(app)
    app.include_router(auth_routes.router)
    for router in page_routers():
        app.include_router(router)
    return app


def _add_health(app: FastAPI) -> None:
    @app.get("/health/live", include_in_schema=False)
    async def live() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @app.get("/health/ready", include_in_schema=False)
    async def ready() -> JSONResponse:
        return JSONResponse({"status": "ok"})
