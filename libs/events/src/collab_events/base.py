"""Base class of every event payload and the event-type naming rules."""

from __future__ import annotations

import re
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict

TYPE_PATTERN = re.compile(
    r"^collab\.(?P<service>[a-z]+)\.(?P<name>[a-z_]+)\.v(?P<version>[1-9][0-9]*)$"
)


def event_type(service: str, name: str, version: int) -> str:
    """The wire name of an event: ``collab.<service>.<name>.v<N>``."""
    return f"collab.{service}.{name}.v{version}"


def parse_event_type(value: str) -> tuple[str, str, int]:
    """Split a wire name into (service, name, version); ValueError when malformed."""
    match = TYPE_PATTERN.match(value)
    if match is None:
        raise ValueError(f"not a collab event type: {value!r}")
    return match["service"], match["name"], int(match["version"])


def schema_id(type_: str) -> str:
    """The ``dataschema`` URI of an event type; also the ``$id`` of its JSON Schema."""
    return f"urn:collab:contracts:{type_}"


class Event(BaseModel):
    """A past-tense fact. Subclasses set ``service``, ``name`` and ``version``.

    The wire name is derived from those class variables, never from the class
    name, so renaming a Python class does not change the contract.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    service: ClassVar[str]
    name: ClassVar[str]
    version: ClassVar[int] = 1

    @classmethod
    def type(cls) -> str:
        """The wire name of this event class."""
        return event_type(cls.service, cls.name, cls.version)

    @classmethod
    def example(cls) -> Self:
        """A representative instance; exported as the golden example of the contract."""
        raise NotImplementedError(f"{cls.__name__} must define example()")
