"""FastAPI dependencies: the caller, the event store, the read models, path parameters."""

from __future__ import annotations

from typing import Annotated

from collab_events.ids import ID_PATTERN
from fastapi import Depends, Path, Query, Request
from servicekit.eventstore import EventStore
from servicekit.http.cursors import Cursor as Cursor
from servicekit.http.security import CurrentPrincipal
from servicekit.projection import ReadModels

from group_service.handlers.ports import Caller
from group_service.queries.directory import ReadModelDirectory


def _caller(principal: CurrentPrincipal) -> Caller:
    return Caller.of(principal)


def _store(request: Request) -> EventStore:
    store: EventStore = request.app.state.runtime.store
    return store


def _models(request: Request) -> ReadModels:
    models: ReadModels = request.app.state.runtime.models
    return models


def _directory(models: Annotated[ReadModels, Depends(_models)]) -> ReadModelDirectory:
    return ReadModelDirectory(models)


CurrentCaller = Annotated[Caller, Depends(_caller)]
Store = Annotated[EventStore, Depends(_store)]
Models = Annotated[ReadModels, Depends(_models)]
Directory = Annotated[ReadModelDirectory, Depends(_directory)]
GroupId = Annotated[str, Path(pattern=ID_PATTERN, description="The group's id.")]
EmployeeId = Annotated[str, Path(pattern=ID_PATTERN, description="An employee id, or 'me'.")]
Limit = Annotated[int, Query(ge=1, le=100)]


def resolve(employee_id: str, caller: Caller) -> str:
    """``me`` stands for the caller."""
    return caller.employee_id if employee_id == "me" else employee_id
