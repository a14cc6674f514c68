"""Routes with an error format of their own: no FastAPI 422 in their document, their own 413."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel
from servicekit.http.app import install_openapi
from servicekit.http.handlers import install_problem_handlers
from servicekit.http.middleware import BodyLimit
from servicekit.http.problems import PROBLEM_JSON, Problem
from servicekit.http.routes import ProblemRoute

OWN = "application/vnd.own+json"
OWN_PATH = "/own/things/a"
LIMIT = 1024


class OwnRoute(APIRoute):
    """Errors as ``{"error": <status>, "says": <detail>}``."""

    def render_problem(self, problem: Problem) -> Response:
        body = {"error": problem.status, "says": problem.detail}
        return JSONResponse(body, status_code=problem.status, media_type=OWN)


class Body(BaseModel):
    text: str


def app_with_both() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    install_openapi(app)
    own, plain = APIRouter(prefix="/own", route_class=OwnRoute), APIRouter(route_class=ProblemRoute)

    @own.post("/things/{key}", responses={400: {"description": "own error"}})
    async def own_thing(key: str, body: Body) -> dict[str, str]:
        return {"key": key}

    @plain.post("/v1/things/{key}")
    async def plain_thing(key: str, body: Body) -> dict[str, str]:
        return {"key": key}

    # nested, as services include sub-routers: FastAPI keeps included routers apart
    outer = APIRouter()
    outer.include_router(own)
    app.include_router(outer)
    app.include_router(plain)
    app.add_middleware(BodyLimit, max_bytes=LIMIT)
    return app


def test_fastapi_default_422_is_dropped_only_for_routes_with_their_own_errors() -> None:
    document: dict[str, Any] = app_with_both().openapi()
    own = document["paths"]["/own/things/{key}"]["post"]["responses"]
    plain = document["paths"]["/v1/things/{key}"]["post"]["responses"]
    assert "422" not in own and "400" in own
    assert list(plain["422"]["content"]) == [PROBLEM_JSON]
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas


async def _chunks(size: int) -> AsyncIterator[bytes]:
    for _ in range(size // 512):
        yield b"x" * 512


async def test_a_body_over_the_limit_is_413_in_the_format_of_its_route() -> None:
    transport = httpx.ASGITransport(app=app_with_both())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for path, media_type in ((OWN_PATH, OWN), ("/v1/things/a", PROBLEM_JSON)):
            declared = await client.post(path, content=b"x" * (LIMIT + 1))
            # no Content-Length: the limit is met while the route reads the body
            streamed = await client.post(
                path, content=_chunks(4 * LIMIT), headers={"content-type": "application/json"}
            )
            for response in (declared, streamed):
                assert response.status_code == 413, (path, response.text)
                assert response.headers["content-type"] == media_type
        assert declared.json()["type"] == "urn:collab:problem:payload-too-large"
        assert streamed.json()["detail"] == "The limit is 1024 bytes."
        own = await client.post(OWN_PATH, content=b"x" * (LIMIT + 1))
        assert own.json() == {"error": 413, "says": "The limit is 1024 bytes."}
        nowhere = await client.post("/nowhere", content=b"x" * (LIMIT + 1))
        assert (nowhere.status_code, nowhere.headers["content-type"]) == (413, PROBLEM_JSON)
        small = await client.post(OWN_PATH, json={"text": "fits"})
        assert small.status_code == 200 and small.json() == {"key": "a"}
