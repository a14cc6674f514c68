"""Map wire names to event models and upcast old versions on read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from collab_events.base import Event, parse_event_type
from collab_events.envelope import CloudEvent

E = TypeVar("E", bound=type[Event])
Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class UnknownEventType(LookupError):
    """No model (and no upcast path) is registered for a wire name."""


class EventRegistry:
    """Every event model by (service, name); only the newest version is a model.

    Older versions survive as upcasters ``v<N> -> v<N+1>`` so consumers only
    ever see the newest shape.
    """

    def __init__(self) -> None:
        self._latest: dict[tuple[str, str], type[Event]] = {}
        self._upcasters: dict[tuple[str, str, int], Upcaster] = {}

    def register(self, cls: E) -> E:
        """Class decorator: make ``cls`` the current model of its (service, name)."""
        key = (cls.service, cls.name)
        current = self._latest.get(key)
        if current is not None and current is not cls:
            raise ValueError(f"{cls.type()} already registered by {current.__name__}")
        self._latest[key] = cls
        return cls

    def upcaster(
        self, service: str, name: str, from_version: int
    ) -> Callable[[Upcaster], Upcaster]:
        """Decorator: register the function turning v``from_version`` data into the next."""

        def decorate(fn: Upcaster) -> Upcaster:
            self._upcasters[(service, name, from_version)] = fn
            return fn

        return decorate

    def models(self) -> Iterator[type[Event]]:
        """Every current model, sorted by wire name."""
        yield from sorted(self._latest.values(), key=lambda cls: cls.type())

    def historic_types(self) -> Iterator[str]:
        """Wire names of superseded versions that can still be read (via upcasters)."""
        for service, name, version in sorted(self._upcasters):
            yield f"collab.{service}.{name}.v{version}"

    def model_for(self, type_: str) -> type[Event]:
        """The current model that data of wire name ``type_`` decodes into."""
        service, name, _ = parse_event_type(type_)
        try:
            return self._latest[(service, name)]
        except KeyError:
            raise UnknownEventType(type_) from None

    def upcast(self, type_: str, data: dict[str, Any]) -> dict[str, Any]:
        """Bring ``data`` of wire name ``type_`` up to the current version's shape."""
        service, name, version = parse_event_type(type_)
        target = self.model_for(type_).version
        if version > target:
            raise UnknownEventType(f"{type_} is newer than this reader (v{target})")
        while version < target:
            step = self._upcasters.get((service, name, version))
            if step is None:
                raise UnknownEventType(f"no upcaster from {type_} (v{version})")
            data = step(dict(data))
            version += 1
        return data

    def decode(self, envelope: CloudEvent) -> Event:
        """The typed, current-version payload of an envelope."""
        model = self.model_for(envelope.type)
        return model.model_validate(self.upcast(envelope.type, envelope.data))


REGISTRY = EventRegistry()
"""The registry of every Collab Hub contract (filled by importing ``collab_events``)."""
