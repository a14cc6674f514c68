"""Route classes that document every answer and map a service's domain errors, once."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from fastapi import Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from servicekit.http import openapi
from servicekit.http.problems import (
    CONCURRENCY,
    MALFORMED_BODY,
    TOO_LARGE,
    VALIDATION,
    Problem,
    ProblemType,
)

E = TypeVar("E", bound=Exception)
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class ProblemRoute(APIRoute):
    """An APIRoute whose OpenAPI entry lists every status, problem type and header it answers."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        self.responses = document_answers(self)


def document_answers(route: APIRoute) -> openapi.Responses:
    """The route's responses plus everything its dependencies, body and method answer."""
    responses = dict(route.responses)
    kinds = [
        kind
        for status, response in route.responses.items()
        for kind in openapi.listed_types(response, int(status))
    ]
    kinds += _implied(route)
    responses.update(openapi.problem_responses(kinds))
    for status in _success_statuses(route):
        entry = dict(responses.get(status, {}))
        entry["headers"] = {**entry.get("headers", {}), **_success_headers(route, status)}
        responses[status] = entry
    return dict(sorted(responses.items(), key=lambda item: str(item[0])))


def _implied(route: APIRoute) -> list[ProblemType]:
    dependants = list(_walk(route.dependant))
    kinds = [kind for d in dependants for kind in openapi.declared_answers(d.call)]
    has_params = any(
        d.path_params or d.query_params or d.header_params or d.cookie_params for d in dependants
    )
    if route.body_field is not None:
        kinds += [MALFORMED_BODY, TOO_LARGE]
    if has_params or route.body_field is not None:
        kinds.append(VALIDATION)
    if _is_command(route):  # commands append events: a conflict can outlast the retries
        kinds.append(CONCURRENCY)
    return kinds


def _is_command(route: APIRoute) -> bool:
    return bool(set(route.methods or ()) & UNSAFE)


def _walk(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _walk(sub)


def _success_statuses(route: APIRoute) -> list[int | str]:
    main: int | str = route.status_code or 200
    extra = [s for s in route.responses if str(s).startswith("2") and str(s) != str(main)]
    return [main, *extra]


def _success_headers(route: APIRoute, status: int | str) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if _is_command(route):
        headers["ETag"] = openapi.header("ETag", "The stream's version after the command")
        headers["Consistency-Token"] = openapi.header(
            "Consistency-Token", "Send it with a query to read this write"
        )
    if str(status) == "201":
        headers["Location"] = openapi.header("Location", "The created resource")
    return headers


def domain_error_route(error_type: type[E], to_problem: Callable[[E], Problem]) -> type[APIRoute]:
    """A ProblemRoute subclass whose handlers turn ``error_type`` into ``to_problem(error)``."""

    class DomainErrorRoute(ProblemRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def route(request: Request) -> Response:
                try:
                    return await handler(request)
                except error_type as exc:
                    raise to_problem(exc) from None

            return route

    return DomainErrorRoute


class ProblemCatalog(Generic[E]):
    """A service's domain errors and their problem types: raised and documented alike."""

    def __init__(self, base: type[E], table: Mapping[type[E], ProblemType]) -> None:
        missing = [c.__name__ for c in _subclasses(base) if c not in table]
        if missing:
            raise ValueError(f"domain errors without a problem type: {', '.join(missing)}")
        self.base, self.table = base, dict(table)
        self.route_class = domain_error_route(base, self.problem)

    def kind(self, error_type: type[E]) -> ProblemType:
        """The problem type of a domain error class (its nearest mapped ancestor's)."""
        for cls in error_type.__mro__:
            if cls in self.table:
                return self.table[cls]
        raise LookupError(f"{error_type.__name__} has no problem type")

    def problem(self, error: E) -> Problem:
        """The problem+json answer of a domain error."""
        return self.kind(type(error)).problem(str(error))

    def responses(self, *raised: type[E] | ProblemType) -> openapi.Responses:
        """OpenAPI responses of the domain errors (or other problems) a route may answer."""
        kinds = [r if isinstance(r, ProblemType) else self.kind(r) for r in raised]
        return openapi.problem_responses(kinds)


def _subclasses(base: type[Any]) -> Iterable[type[Any]]:
    for sub in base.__subclasses__():
        yield sub
        yield from _subclasses(sub)
