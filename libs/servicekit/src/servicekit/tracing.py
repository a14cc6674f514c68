"""OpenTelemetry set-up and W3C trace-context propagation through events."""

from __future__ import annotations

import os
from collections.abc import Sequence

from opentelemetry import context, trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

_PROPAGATOR = TraceContextTextMapPropagator()
_configured = False


def configure_tracing(service: str, *, extra_processors: Sequence[SpanProcessor] = ()) -> None:
    """Install a tracer provider once per process; OTLP export when its endpoint is set."""
    global _configured
    if _configured:
        provider = trace.get_tracer_provider()
        for processor in extra_processors:
            if isinstance(provider, TracerProvider):
                provider.add_span_processor(processor)
        return
    provider = TracerProvider(resource=Resource.create({"service.name": f"collab-{service}"}))
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    for processor in extra_processors:
        provider.add_span_processor(processor)
    trace.set_tracer_provider(provider)
    _configured = True


def tracer(name: str = "collab") -> trace.Tracer:
    """The tracer for Collab Hub spans."""
    return trace.get_tracer(name)


def current_traceparent() -> str | None:
    """The W3C ``traceparent`` of the active span, if any."""
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent")


def context_from(traceparent: str | None) -> Context:
    """A context whose parent is the span named by ``traceparent`` (or the current one)."""
    if not traceparent:
        return context.get_current()
    return _PROPAGATOR.extract({"traceparent": traceparent})
