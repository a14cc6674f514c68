"""Contract export and check: staleness, compatibility, golden examples, upcasting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import collab_events
import pytest
from collab_events import CloudEvent, Event, EventRegistry, decode_record, encode_record
from collab_events.contracts import check, export
from pydantic import Field

REPO_CONTRACTS = Path(__file__).resolve().parents[3] / "contracts"


def registry_v1() -> EventRegistry:
    registry = EventRegistry()

    @registry.register
    class ThingMade(Event):
        service: ClassVar[str] = "sample"
        name: ClassVar[str] = "thing_made"
        title: str = Field(max_length=50)

        @classmethod
        def example(cls) -> ThingMade:
            return cls(title="first")

    return registry


def registry_v1_with_optional_field() -> EventRegistry:
    registry = EventRegistry()

    @registry.register
    class ThingMade(Event):
        service: ClassVar[str] = "sample"
        name: ClassVar[str] = "thing_made"
        title: str = Field(max_length=50)
        colour: str | None = None

        @classmethod
        def example(cls) -> ThingMade:
            return cls(title="first", colour="red")

    return registry


def registry_v2() -> EventRegistry:
    registry = EventRegistry()

    @registry.register
    class ThingMade(Event):
        service: ClassVar[str] = "sample"
        name: ClassVar[str] = "thing_made"
        version: ClassVar[int] = 2
        titles: list[str]

        @classmethod
        def example(cls) -> ThingMade:
            return cls(titles=["first"])

    @registry.upcaster("sample", "thing_made", from_version=1)
    def titles_from_title(data: dict[str, Any]) -> dict[str, Any]:
        return {"titles": [data.pop("title")], **data}

    return registry


def test_committed_contracts_are_current_and_compatible() -> None:
    assert check(collab_events.REGISTRY, REPO_CONTRACTS) == []


def test_fresh_export_checks_clean_and_stale_is_detected(tmp_path: Path) -> None:
    assert check(registry_v1(), tmp_path)  # nothing exported yet
    export(registry_v1(), tmp_path)
    assert check(registry_v1(), tmp_path) == []
    (tmp_path / "asyncapi.json").write_text("{}")
    assert any("asyncapi.json: stale" in p for p in check(registry_v1(), tmp_path))


def test_optional_field_is_compatible_once_exported(tmp_path: Path) -> None:
    export(registry_v1(), tmp_path)
    problems = check(registry_v1_with_optional_field(), tmp_path)
    assert problems and all("stale" in p for p in problems)
    export(registry_v1_with_optional_field(), tmp_path)
    assert check(registry_v1_with_optional_field(), tmp_path) == []
    golden = json.loads((tmp_path / "examples/collab.sample.thing_made.v1.json").read_text())
    assert "colour" not in golden["data"]  # golden examples are never rewritten


def test_incompatible_change_in_place_is_refused(tmp_path: Path) -> None:
    export(registry_v1(), tmp_path)
    registry = EventRegistry()

    @registry.register
    class ThingMade(Event):
        service: ClassVar[str] = "sample"
        name: ClassVar[str] = "thing_made"
        title: int

        @classmethod
        def example(cls) -> ThingMade:
            return cls(title=1)

    problems = check(registry, tmp_path)
    assert any("incompatible change: title" in p for p in problems)
    assert any("no longer decodes" in p for p in problems)


def test_new_version_with_upcaster_keeps_old_contracts_readable(tmp_path: Path) -> None:
    export(registry_v1(), tmp_path)
    export(registry_v2(), tmp_path)
    assert check(registry_v2(), tmp_path) == []
    old = CloudEvent.model_validate_json(
        (tmp_path / "examples/collab.sample.thing_made.v1.json").read_text()
    )
    decoded = registry_v2().decode(old)
    assert decoded.model_dump() == {"titles": ["first"]}


def test_removing_a_released_version_without_upcaster_is_refused(tmp_path: Path) -> None:
    export(registry_v1(), tmp_path)
    assert any("no longer readable" in p for p in check(EventRegistry(), tmp_path))


def test_unknown_fields_are_ignored_on_read() -> None:
    registry = registry_v1()
    model = next(iter(registry.models()))
    envelope = collab_events.new_envelope(model.example(), subject="s", streamversion=1)
    raw = json.loads(encode_record(envelope).value)
    raw["data"]["unexpected"] = 1
    raw["someextension"] = "x"
    decoded = registry.decode(decode_record(json.dumps(raw).encode()))
    assert decoded == model.example()


def test_record_key_is_subject_and_traceparent_travels_in_headers() -> None:
    registry = registry_v1()
    model = next(iter(registry.models()))
    envelope = collab_events.new_envelope(
        model.example(),
        subject="thing:1",
        streamversion=3,
        traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    )
    record = encode_record(envelope)
    assert record.key == b"thing:1"
    assert dict(record.headers)["traceparent"].startswith(b"00-0af7")
    assert dict(record.headers)["content-type"] == b"application/cloudevents+json"
    assert decode_record(record.value) == envelope


def test_uuid7_is_time_ordered_and_versioned() -> None:
    ids = [collab_events.uuid7() for _ in range(200)]
    assert all(i[14] == "7" for i in ids)
    assert [i[:13] for i in ids] == sorted(i[:13] for i in ids)


@pytest.mark.parametrize(
    "path", sorted(REPO_CONTRACTS.glob("examples/*.json")), ids=lambda p: p.name
)
def test_every_golden_example_decodes(path: Path) -> None:
    envelope = CloudEvent.model_validate_json(path.read_text())
    assert (
        collab_events.REGISTRY.decode(envelope).type().rsplit(".", 1)[0]
        == envelope.type.rsplit(".", 1)[0]
    )
