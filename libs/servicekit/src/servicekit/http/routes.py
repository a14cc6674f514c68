"""A route class that maps a service's domain errors to problem+json, once."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.routing import APIRoute

from servicekit.http.problems import Problem

E = TypeVar("E", bound=Exception)


def domain_error_route(error_type: type[E], to_problem: Callable[[E], Problem]) -> type[APIRoute]:
    """An APIRoute subclass whose handlers turn ``error_type`` into ``to_problem(error)``."""

    class DomainErrorRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def route(request: Request) -> Response:
                try:
                    return await handler(request)
                except error_type as exc:
                    raise to_problem(exc) from None

            return route

    return DomainErrorRoute
