"""ASGI middleware: body-size cap, server spans and request metrics."""

from __future__ import annotations

import time
from typing import Any

from opentelemetry import trace
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.http.problems import Problem, problem_response
from servicekit.metrics import HTTP_REQUESTS
from servicekit.tracing import context_from_headers, tracer


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413 (declared or streamed)."""

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
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        problem = Problem(413, "Request body too large",
                          detail=f"The limit is {self.max_bytes} bytes.")
        await problem_response(problem, scope.get("path"))(scope, receive, send)


class Telemetry:
    """A server span per request (parent from ``traceparent``) and a latency histogram."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        status: dict[str, Any] = {"code": 500}

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        started = time.perf_counter()
        name = f"{scope['method']} {scope['path']}"
        with tracer().start_as_current_span(name, context=context_from_headers(headers),
                                            kind=trace.SpanKind.SERVER) as span:
            try:
                await self.app(scope, receive, recording_send)
            finally:
                route = scope.get("route")
                template = getattr(route, "path", "unmatched")
                span.update_name(f"{scope['method']} {template}")
                span.set_attribute("http.response.status_code", status["code"])
                HTTP_REQUESTS.labels(scope["method"], template, str(status["code"])).observe(
                    time.perf_counter() - started)
