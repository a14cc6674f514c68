"""ASGI middleware: body-size cap and request metrics."""

from __future__ import annotations

import contextlib
import time
from typing import Any, Protocol, runtime_checkable

from fastapi.routing import iter_route_contexts
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.http.problems import TOO_LARGE, Problem, problem_response
from servicekit.metrics import HTTP_REQUESTS


@runtime_checkable
class OwnErrorFormat(Protocol):
    """A route that answers its errors in a format of its own (SCIM's), servicekit's too."""

    def render_problem(self, problem: Problem) -> Response:
        """The route's own answer for ``problem``."""
        ...


def route_for(scope: Scope) -> BaseRoute | None:
    """The route the app would pick for ``scope`` (a full match first, as Starlette routes)."""
    partial: BaseRoute | None = None
    routes: list[BaseRoute] = getattr(getattr(scope.get("app"), "router", None), "routes", [])
    # FastAPI keeps included routers nested: their contexts carry the prefixed paths.
    for context in iter_route_contexts(routes):
        match, _ = context.matches(scope)
        if match is Match.FULL:
            return context.original_route
        if match is Match.PARTIAL and partial is None:
            partial = context.original_route
    return partial


class _TooLarge(Exception):
    pass


class _Metered:
    """A request's receive and send, cut off once the body exceeds ``max_bytes``."""

    def __init__(self, receive: Receive, send: Send, max_bytes: int) -> None:
        self._receive, self._send, self.max_bytes = receive, send, max_bytes
        self.seen, self.exceeded, self.started = 0, False, False

    async def receive(self) -> Message:
        message = await self._receive()
        self.seen += len(message.get("body", b""))
        if self.seen > self.max_bytes:
            self.exceeded = True
            raise _TooLarge
        return message

    async def send(self, message: Message) -> None:
        if self.exceeded and not self.started:
            # The app's answer to a body it could not read (FastAPI makes it a 400): the
            # 413 is sent instead.
            return
        self.started = self.started or message["type"] == "http.response.start"
        await self._send(message)


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413 (declared or streamed).

    The 413 is problem+json, or the route's own error format when the route the request
    was for renders its errors itself (``OwnErrorFormat``).
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        metered = _Metered(receive, send, self.max_bytes)
        with contextlib.suppress(_TooLarge):
            await self.app(scope, metered.receive, metered.send)
        if metered.exceeded and not metered.started:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        problem = TOO_LARGE.problem(f"The limit is {self.max_bytes} bytes.")
        route = route_for(scope)
        if isinstance(route, OwnErrorFormat):
            response = route.render_problem(problem)
        else:
            response = problem_response(problem, scope.get("path"))
        await response(scope, receive, send)


class RequestMetrics:
    """A latency histogram per route and status.

    Server spans come from FastAPI's native OpenTelemetry support, which takes
    the parent from an incoming ``traceparent`` header.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status: dict[str, Any] = {"code": 500}

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, recording_send)
        finally:
            template = getattr(scope.get("route"), "path", "unmatched")
            HTTP_REQUESTS.labels(scope["method"], template, str(status["code"])).observe(
                time.perf_counter() - started
            )
