"""Generate ``contracts/`` from the models and check the committed copy.

Layout: ``schemas/<type>.json`` (payload JSON Schema per event version),
``envelope.json`` (the CloudEvents envelope), ``examples/<type>.json`` (golden
example envelopes: written once, never rewritten, and they must decode forever)
and ``asyncapi.json`` (AsyncAPI 3.0: every topic and message).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from collab_events.base import Event, schema_id
from collab_events.compat import incompatibilities
from collab_events.envelope import CloudEvent, new_envelope
from collab_events.registry import EventRegistry
from collab_events.topics import SERVICES, dlq_topic_for, topic_for


def _dump(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def payload_schema(model: type[Event]) -> dict[str, Any]:
    """The JSON Schema of one event version's ``data``."""
    schema = model.model_json_schema()
    schema["$id"] = schema_id(model.type())
    schema["title"] = model.type()
    return schema


def golden_example(model: type[Event]) -> dict[str, Any]:
    """A complete, deterministic example envelope for ``model``."""
    envelope = new_envelope(model.example(), subject="example-subject", streamversion=1)
    fixed = envelope.model_copy(
        update={
            "id": "01900000-0000-7000-8000-000000000000",
            "correlationid": "01900000-0000-7000-8000-000000000000",
            "time": datetime(2026, 1, 1, tzinfo=UTC),
        }
    )
    example: dict[str, Any] = json.loads(fixed.model_dump_json())
    return example


def _asyncapi(registry: EventRegistry) -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for service in SERVICES:
        models = [m for m in registry.models() if m.service == service]
        refs = {m.type(): {"$ref": f"#/components/messages/{m.type()}"} for m in models}
        channels[service] = {
            "address": topic_for(service),
            "description": f"Events of the {service} service; record key = subject.",
            "messages": refs,
        }
        channels[f"{service}-dlq"] = {
            "address": dlq_topic_for(service),
            "description": f"Dead letters of the {service} service's projections.",
        }
        operations[f"publish-{service}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{service}"},
            "messages": [{"$ref": f"#/channels/{service}/messages/{t}"} for t in refs],
        }
        for model in models:
            messages[model.type()] = {
                "name": model.type(),
                "title": model.__name__,
                "summary": (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else "",
                "contentType": "application/cloudevents+json",
                "payload": {
                    "allOf": [
                        {"$ref": "envelope.json"},
                        {"properties": {"data": {"$ref": f"schemas/{model.type()}.json"}}},
                    ]
                },
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Collab Hub events",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 structured JSON; one topic per service.",
        },
        "defaultContentType": "application/cloudevents+json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def render(registry: EventRegistry) -> dict[str, str]:
    """Every generated file (relative path -> text) for the current models."""
    files = {"envelope.json": _dump(CloudEvent.model_json_schema())}
    files["asyncapi.json"] = _dump(_asyncapi(registry))
    for model in registry.models():
        files[f"schemas/{model.type()}.json"] = _dump(payload_schema(model))
    return files


def _examples(registry: EventRegistry) -> dict[str, str]:
    return {f"examples/{m.type()}.json": _dump(golden_example(m)) for m in registry.models()}


def export(registry: EventRegistry, root: Path) -> list[str]:
    """Write the generated files under ``root``; returns the paths that changed.

    Files of superseded versions are kept: they are released contracts.
    """
    changed = []
    for rel, text in render(registry).items():
        path = root / rel
        if not path.exists() or path.read_text() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            changed.append(rel)
    for rel, text in _examples(registry).items():
        path = root / rel
        if not path.exists():  # golden examples are written once, never rewritten
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            changed.append(rel)
    return changed


def check(registry: EventRegistry, root: Path) -> list[str]:
    """Problems with the committed contracts (empty when up to date and compatible)."""
    files = render(registry)
    problems = [
        f"{rel}: stale or missing"
        for rel, text in files.items()
        if not (root / rel).exists() or (root / rel).read_text() != text
    ]
    historic = set(registry.historic_types())
    for path in sorted((root / "schemas").glob("*.json")):
        type_ = path.name.removesuffix(".json")
        rel = f"schemas/{path.name}"
        if rel in files:
            old = json.loads(path.read_text())
            new = json.loads(files[rel])
            problems += [f"{rel}: incompatible change: {p}" for p in incompatibilities(old, new)]
        elif type_ not in historic:
            problems.append(f"{rel}: released version no longer readable (model or upcaster gone)")
    problems += [
        f"{rel}: golden example missing" for rel in _examples(registry) if not (root / rel).exists()
    ]
    problems += _undecodable_examples(registry, root)
    return sorted(set(problems))


def _undecodable_examples(registry: EventRegistry, root: Path) -> list[str]:
    """Golden examples (of every released version) that no longer decode."""
    problems = []
    for path in sorted((root / "examples").glob("*.json")):
        try:
            registry.decode(CloudEvent.model_validate_json(path.read_text()))
        except Exception as exc:  # any failure is a broken contract
            problems.append(f"examples/{path.name}: no longer decodes: {exc}")
    return problems
