"""Calls to the services' HTTP APIs with the signed-in person's service token."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
from fastapi import Depends, Request

from gateway_service.web.session import Person, signed_in_person

CONSISTENCY_KEY = "read_after"


@dataclass(eq=False)  # not frozen: Starlette sets __traceback__ on the exceptions it handles
class ServiceProblem(Exception):
    """A service answered an error (RFC 9457 problem+json when it sent one)."""

    service: str
    status: int
    type: str = "about:blank"
    title: str = ""
    detail: str = ""
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """The problem type's last path segment (``group-not-found``)."""
        return self.type.rstrip("/").rsplit("/", 1)[-1]


class ServiceUnavailable(Exception):
    """A service could not be reached (refused, timed out)."""

    def __init__(self, service: str) -> None:
        super().__init__(service)
        self.service = service


class ServiceClients:
    """One pooled HTTP client per service, shared by every request."""

    def __init__(self, urls: dict[str, str], timeout_s: float) -> None:
        self.clients = {
            name: httpx.AsyncClient(base_url=url, timeout=timeout_s) for name, url in urls.items()
        }

    async def aclose(self) -> None:
        """Close every connection pool."""
        for client in self.clients.values():
            await client.aclose()


class ServiceApi:
    """The services as one person sees them: every call carries their token.

    Read your writes across a redirect: a command's ``Consistency-Token`` is kept in the
    session (one per service) and sent with every read of that service in the next
    request, which then waits until the service's read model holds the write.
    """

    def __init__(
        self, clients: ServiceClients, token: str, session: dict[str, Any] | None = None
    ) -> None:
        self._clients, self._token = clients, token
        self._session = session if session is not None else {}
        self._read_after: dict[str, str] = self._session.pop(CONSISTENCY_KEY, None) or {}

    async def get(self, service: str, path: str, **params: Any) -> Any:
        """GET a JSON document (None-valued parameters are left out)."""
        query = {k: v for k, v in params.items() if v is not None}
        return (await self.send(service, "GET", path, params=query)).json()

    async def post(self, service: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        """POST a JSON body; the answer's JSON (None when it has none)."""
        response = await self.send(service, "POST", path, json=body, **kwargs)
        return response.json() if response.content else None

    async def send(self, service: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One request; an error answer raises ServiceProblem, no answer ServiceUnavailable."""
        headers = {"Authorization": f"Bearer {self._token}", **kwargs.pop("headers", {})}
        if method == "GET" and service in self._read_after:
            headers.setdefault("Consistency-Token", self._read_after[service])
        try:
            response = await self._clients.clients[service].request(
                method, path, headers=headers, **kwargs
            )
        except httpx.TransportError:
            raise ServiceUnavailable(service) from None
        if response.status_code >= 400:
            raise problem_of(service, response)
        if method != "GET" and (written := response.headers.get("Consistency-Token")):
            self._session.setdefault(CONSISTENCY_KEY, {})[service] = written
        return response

    def stream(
        self, service: str, path: str, headers: dict[str, str]
    ) -> AbstractAsyncContextManager[httpx.Response]:
        """A streamed GET (Server-Sent Events) with the person's token and no read timeout."""
        return _streamed(self._clients.clients[service], path, self._token, service, headers)

    async def put(self, service: str, path: str, body: Any = None) -> Any:
        """PUT a JSON body; the answer's JSON (None when it has none)."""
        response = await self.send(service, "PUT", path, json=body)
        return response.json() if response.content else None

    async def delete(self, service: str, path: str) -> None:
        """DELETE a resource."""
        await self.send(service, "DELETE", path)


@asynccontextmanager
async def _streamed(
    client: httpx.AsyncClient, path: str, token: str, service: str, headers: dict[str, str]
) -> AsyncIterator[httpx.Response]:
    timeout = httpx.Timeout(10.0, read=None)
    request = client.build_request(
        "GET", path, headers={"Authorization": f"Bearer {token}", **headers}, timeout=timeout
    )
    try:
        response = await client.send(request, stream=True)
    except httpx.TransportError:
        raise ServiceUnavailable(service) from None
    try:
        if response.status_code >= 400:
            await response.aread()
            raise problem_of(service, response)
        yield response
    finally:
        await response.aclose()


def problem_of(service: str, response: httpx.Response) -> ServiceProblem:
    """The problem an error answer describes (a bare status when it is not problem+json)."""
    body: dict[str, Any] = {}
    if "json" in response.headers.get("content-type", ""):
        try:
            parsed = response.json()
        except ValueError:
            parsed = {}
        body = parsed if isinstance(parsed, dict) else {}
    return ServiceProblem(
        service=service,
        status=response.status_code,
        type=str(body.get("type", "about:blank")),
        title=str(body.get("title", "")),
        detail=str(body.get("detail", "")),
        body=body,
    )


async def service_api(request: Request, person: Person = Depends(signed_in_person)) -> ServiceApi:
    """The services with the signed-in person's token (minted or reused)."""
    state = request.app.state
    token = state.minter.token_for(person.employee_id, person.roles)
    return ServiceApi(state.service_clients, token, request.session)


Api = Annotated[ServiceApi, Depends(service_api)]
