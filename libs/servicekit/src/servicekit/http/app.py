"""FastAPI application factory shared by every service."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from servicekit.auth import TokenVerifier
from servicekit.http.handlers import install_problem_handlers, method_index
from servicekit.http.middleware import BodyLimit, RequestMetrics
from servicekit.http.openapi import PROBLEM_SCHEMA, drop_foreign_validation
from servicekit.http.problems import Problem
from servicekit.service import NotReady, Role, ServiceRuntime
from servicekit.settings import ServiceSettings


def verifier_for(settings: ServiceSettings) -> TokenVerifier:
    """The token verifier configured by settings (key, key file or JWKS)."""
    key = settings.jwt_public_key
    if key is None and settings.jwt_public_key_file is not None:
        key = settings.jwt_public_key_file.read_text()
    return TokenVerifier(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        algorithms=settings.jwt_algorithms,
        public_key=key,
        jwks_url=settings.jwt_jwks_url,
    )


def settle_heap() -> None:
    """Collect what start-up left behind and exempt every object alive now (modules,
    classes, settings, pools) from later garbage collections.

    A full collection walks every tracked object: in a started service (some 120,000 of
    them) one took 120 ms, and every request in flight waited for it. After this it walks
    only what the process made since, a few milliseconds. Objects alive now are still freed
    when their last reference goes; only cycles among them are never collected.
    """
    gc.collect()
    gc.freeze()


def create_app(runtime: ServiceRuntime, role: Role = "all") -> FastAPI:
    """The HTTP app of a service; the worker role serves health and metrics only."""
    definition = runtime.definition

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start(role)
        settle_heap()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(
        title=f"Collab Hub {definition.title}",
        description=definition.description,
        version="1.0.0",
        lifespan=lifespan,
        docs_url="/docs",
    )
    app.state.runtime = runtime
    app.state.verifier = verifier_for(runtime.settings)
    install_problem_handlers(app)
    install_openapi(app)
    _add_operational_routes(app, runtime)
    routes = list(app.router.routes)
    if role in ("api", "all"):
        for router in definition.routers:
            app.include_router(router)
            routes += router.routes
    app.state.method_index = method_index(routes)
    app.add_middleware(BodyLimit, max_bytes=runtime.settings.max_body_bytes)
    app.add_middleware(RequestMetrics)
    return app


def _add_operational_routes(app: FastAPI, runtime: ServiceRuntime) -> None:
    @app.get("/health/live", tags=["operations"], include_in_schema=False)
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/health/ready", tags=["operations"], include_in_schema=False)
    async def ready() -> JSONResponse:
        try:
            facts: dict[str, Any] = await runtime.ready()
        except Exception as exc:
            detail = str(exc) if isinstance(exc, NotReady) else type(exc).__name__
            raise Problem(503, "Not ready", detail=detail, headers={"Retry-After": "5"}) from None
        return JSONResponse({"status": "ok", **facts})

    @app.get("/metrics", tags=["operations"], include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def _omit_not_null(parameter: dict[str, Any]) -> None:
    """An optional parameter is left out, never sent as ``null``: drop ``null`` from its schema."""
    schema = parameter.get("schema", {})
    options = schema.get("anyOf", [])
    kept = [option for option in options if option.get("type") != "null"]
    if parameter.get("required") or len(kept) != 1 or len(kept) == len(options):
        return
    rest = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
    parameter["schema"] = {**kept[0], **rest}


def install_openapi(app: FastAPI) -> None:
    """Serve the document with the ``Problem`` schema every problem response refers to."""
    default = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = default()
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas["Problem"] = PROBLEM_SCHEMA
            for item in document.get("paths", {}).values():
                for operation in item.values():
                    for parameter in operation.get("parameters", []):
                        _omit_not_null(parameter)
            drop_foreign_validation(document, app.routes)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
