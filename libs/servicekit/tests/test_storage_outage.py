"""A MongoDB outage during a request is a 503 problem with Retry-After, never a bare 500."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from pymongo.errors import AutoReconnect
from servicekit.durability import ServerRestarted
from servicekit.http.handlers import install_problem_handlers


@pytest.mark.parametrize("error", [AutoReconnect("reset"), ServerRestarted("restarted")])
async def test_storage_outage_is_503_with_retry_after(error: Exception) -> None:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/v1/things")
    async def create() -> None:
        raise error

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post("/v1/things")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == "urn:collab:problem:storage-unavailable"
