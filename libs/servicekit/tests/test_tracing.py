"""One trace spans the HTTP command, the relay publish and the projector."""

from __future__ import annotations

import pytest
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from servicekit.testing.kafka import eventually
from servicekit.testing.sample_api import sample_definition
from servicekit.testing.service import running_service
from servicekit.tracing import configure_tracing

pytestmark = pytest.mark.integration


async def test_trace_crosses_kafka(settings_for, make_token) -> None:
    exporter = InMemorySpanExporter()
    configure_tracing("sample", extra_processors=[SimpleSpanProcessor(exporter)])
    settings = settings_for("sample")
    async with running_service(settings, sample_definition()) as svc:
        response = await svc.client.put(
            "/v1/tallies/traced", headers={"Authorization": f"Bearer {make_token('e1')}"}
        )
        assert response.status_code == 201

        async def projected() -> bool:
            return any(s.name.startswith("project tallies") for s in exporter.get_finished_spans())

        await eventually(projected)
    spans = exporter.get_finished_spans()
    http = next(s for s in spans if s.name == "PUT /v1/tallies/{tally_id}")
    publish = next(s for s in spans if s.name.startswith("publish collab.sample.tally_opened"))
    project = next(s for s in spans if s.name.startswith("project tallies"))
    trace_id = http.context.trace_id
    assert publish.context.trace_id == trace_id
    assert project.context.trace_id == trace_id
    assert project.parent is not None and project.parent.span_id == publish.context.span_id
