"""OpenTelemetry traces: an HTTP request's span, the bus messages it sends, their handlers' spans.

Off by default (``otel_exporter = "none"``): then every helper here returns at once and no
span, context or header is made. With ``"otlp"`` spans go in batches to an OTLP/HTTP collector
(``otel_endpoint``, else the standard ``OTEL_EXPORTER_OTLP_ENDPOINT``, else localhost:4318);
``"console"`` prints them. The trace context travels as a W3C ``traceparent`` in NATS headers
(commands, queries and events), so one trace spans every process a request touches.

Tracing is configured per process: an app's lifespan installs its tracer and removes it on
shutdown (several apps running at once in one process share the last one installed).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

    from config.settings import Settings

SERVER, CLIENT, PRODUCER, CONSUMER = SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER
_propagator = TraceContextTextMapPropagator()
_NOTHING = contextlib.nullcontext()
_tracer: trace.Tracer | None = None
_provider: TracerProvider | None = None


def service_name(settings: Settings, domains: Sequence[str]) -> str:
    """``otel_service_name``, else ``OTEL_SERVICE_NAME``, else ``mercato`` or ``mercato-<domains>``."""
    if settings.otel_service_name:
        return settings.otel_service_name
    if os.environ.get("OTEL_SERVICE_NAME"):
        return os.environ["OTEL_SERVICE_NAME"]
    return "mercato" if not settings.domains else "mercato-" + "-".join(domains)


def install(settings: Settings, domains: Sequence[str]) -> TracerProvider | None:
    """Start exporting spans as the settings say; the provider to pass to ``uninstall``."""
    global _tracer, _provider
    if settings.otel_exporter == "none":
        _tracer = _provider = None
        return None
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor
    from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

    provider = TracerProvider(
        resource=Resource.create({"service.name": service_name(settings, domains)}),
        sampler=ParentBased(TraceIdRatioBased(settings.otel_sample_ratio)),
    )
    if settings.otel_exporter == "console":
        provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter()))
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        endpoint = settings.otel_endpoint.rstrip("/") + "/v1/traces" if settings.otel_endpoint else None
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    _provider, _tracer = provider, provider.get_tracer("mercato")
    return provider


def uninstall(provider: TracerProvider | None) -> None:
    """Flush and stop ``provider``; tracing stops if it was the one installed."""
    global _tracer, _provider
    if provider is None:
        return
    if _provider is provider:
        _tracer = _provider = None
    provider.shutdown()


def enabled() -> bool:
    return _tracer is not None


def current() -> otel_context.Context | None:
    """The caller's trace context, to parent work that runs elsewhere (an actor's task)."""
    return otel_context.get_current() if _tracer is not None else None


def span(
    name: str,
    *,
    kind: SpanKind = SpanKind.INTERNAL,
    parent: otel_context.Context | None = None,
    attributes: Mapping[str, Any] | None = None,
) -> contextlib.AbstractContextManager[Any]:
    """A span made current for the block (a no-op when tracing is off); errors mark it failed."""
    if _tracer is None:
        return _NOTHING
    return _tracer.start_as_current_span(name, context=parent, kind=kind, attributes=attributes)


def inject(headers: MutableMapping[str, str]) -> None:
    """Add the current span's ``traceparent`` to outgoing headers."""
    if _tracer is not None:
        _propagator.inject(headers)


def extract(headers: Mapping[str, str] | None) -> otel_context.Context | None:
    """The trace context carried by incoming headers (``None`` when off or absent)."""
    if _tracer is None or not headers or "traceparent" not in headers:
        return None
    return _propagator.extract(headers)


@contextlib.contextmanager
def attached(headers: Mapping[str, str] | None) -> Iterator[None]:
    """Run the block in the trace context carried by ``headers``, if any."""
    found = extract(headers)
    if found is None:
        yield
        return
    token = otel_context.attach(found)
    try:
        yield
    finally:
        otel_context.detach(token)


def failed(status: int) -> None:
    """Mark the current span as an error (a 5xx reply)."""
    if _tracer is not None:
        trace.get_current_span().set_status(Status(StatusCode.ERROR, f"HTTP {status}"))


def ids() -> tuple[str, str] | None:
    """The current trace and span ids as hex, when a span is active."""
    if _tracer is None:
        return None
    found = trace.get_current_span().get_span_context()
    if not found.is_valid:
        return None
    return format(found.trace_id, "032x"), format(found.span_id, "016x")


__all__ = [
    "CLIENT",
    "CONSUMER",
    "PRODUCER",
    "SERVER",
    "attached",
    "current",
    "enabled",
    "extract",
    "failed",
    "ids",
    "inject",
    "install",
    "service_name",
    "span",
    "uninstall",
]
