"""OpenTelemetry traces: one trace from an HTTP request through the bus to handlers in other processes,
and the trace id in the log lines written meanwhile."""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import msgspec
from litestar.testing import AsyncTestClient
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from app import create_app
from config.settings import Settings
from core.security import Principal, TokenCodec
from tests.e2e.test_split import SECRET, free_port, process, ready, split_env
from tests.support.eventually import eventually
from tests.support.shop import STAFF, buy, open_shop

__all__ = ["split_env"]


@dataclass(frozen=True)
class Span:
    service: str
    name: str
    trace_id: str
    span_id: str
    parent_id: str


class Collector:
    """An OTLP/HTTP trace receiver (``POST /v1/traces``, protobuf) keeping every span it is sent."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self._lock = threading.Lock()

    def receive(self, body: bytes) -> None:
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        found = []
        for resource_spans in request.resource_spans:
            attributes = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    found.append(
                        Span(
                            service=attributes.get("service.name", ""),
                            name=span.name,
                            trace_id=span.trace_id.hex(),
                            span_id=span.span_id.hex(),
                            parent_id=span.parent_span_id.hex(),
                        )
                    )
        with self._lock:
            self.spans.extend(found)

    def named(self, name: str) -> list[Span]:
        with self._lock:
            return [s for s in self.spans if s.name == name]

    def trace(self, trace_id: str) -> list[Span]:
        with self._lock:
            return [s for s in self.spans if s.trace_id == trace_id]


@contextlib.contextmanager
def otlp_receiver() -> Iterator[tuple[str, Collector]]:
    collector = Collector()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            if self.path == "/v1/traces":
                collector.receive(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", collector
    finally:
        server.shutdown()
        server.server_close()


async def test_a_request_answered_across_processes_is_one_trace_carried_in_nats_headers(split_env) -> None:
    staff = Principal(subject=str(uuid.uuid4()), kind="staff", session_id="s", permissions=frozenset({"*"}))
    headers = {"Authorization": f"Bearer {TokenCodec(SECRET).issue(staff)}"}
    with otlp_receiver() as (endpoint, collector):
        env = {
            **split_env,
            "MERCATO_OTEL_EXPORTER": "otlp",
            "OTEL_EXPORTER_OTLP_ENDPOINT": endpoint,
            "OTEL_BSP_SCHEDULE_DELAY": "100",  # export every 0.1 s instead of 5 s
        }
        with (
            process("catalog,cms", free_port(), env) as catalog,
            process("search", free_port(), env) as search,
        ):
            await ready(catalog)
            await ready(search)
            async with httpx.AsyncClient() as client:
                created = await client.post(
                    f"{catalog}/admin/products",
                    headers=headers,
                    json={
                        "name": "Traced lamp",
                        "publish": True,
                        "variants": [{"sku": "LAMP-1", "price": {"amount": 4_900, "currency": "EUR"}}],
                    },
                )
                assert created.status_code == 201, created.text
                reindexed = await client.post(f"{search}/admin/search/reindex", headers=headers)
                assert reindexed.status_code == 200, reindexed.text
                # Each process has its own /metrics: the catalogue counts the query it answered.
                scraped = (await client.get(f"{catalog}/metrics")).text
                answered_here = 'stage="handled",type="catalog.ListProductsForIndex"'
                assert any(
                    line.startswith("mercato_bus_messages_total{")
                    and _labels(line) >= set(answered_here.split(","))
                    for line in scraped.splitlines()
                ), scraped

            def reindex_trace() -> list[Span]:
                requests = collector.named("POST /admin/search/reindex")
                if not requests:
                    return []
                spans = collector.trace(requests[0].trace_id)
                services = {s.service for s in spans}
                return spans if {"mercato-catalog-cms", "mercato-search"} <= services else []

            spans = await eventually(reindex_trace, within=30)
            by_id = {s.span_id: s for s in spans}
            answered = [
                s for s in spans if s.service == "mercato-catalog-cms" and s.name.startswith("handle ")
            ]
            assert answered, spans
            asked = by_id[answered[0].parent_id]  # the catalogue's handler is a child of search's request
            assert (asked.service, asked.name.split(" ")[0]) == ("mercato-search", "send")
            assert asked.name.split(" ")[1] == answered[0].name.split(" ")[1]

            def published_event_handled() -> list[Span]:
                handled = collector.named("handle catalog.ProductCreated")
                return [
                    s
                    for s in handled
                    if s.service == "mercato-search"
                    and any(p.name == "publish catalog.ProductCreated" for p in collector.trace(s.trace_id))
                ]

            # Events travel through the outbox: the relay's publish span starts their trace, and the
            # subscribing process continues it from the JetStream message's headers.
            assert await eventually(published_event_handled, within=30)


def _labels(line: str) -> set[str]:
    return set(line.split("{", 1)[1].split("}", 1)[0].split(","))


async def test_log_lines_written_while_a_request_is_traced_carry_its_trace_id(
    settings: Settings, staff_headers, capsys
) -> None:
    traced = msgspec.structs.replace(settings, otel_exporter="console", log_level="info", log_format="json")
    trace_id = uuid.uuid4().hex
    parent = {"traceparent": f"00-{trace_id}-{uuid.uuid4().hex[:16]}-01"}
    async with AsyncTestClient(app=create_app(traced)) as client:
        method_id = await open_shop(client, staff_headers(*STAFF), "TRACE-MUG", units=3)
        declined = await buy(client, "TRACE-MUG", method_id, token="decline", headers=parent)
        assert declined.status_code == 402, declined.text

    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    undone = [line for line in lines if line.get("event") == "checkout failed; undoing"]
    assert undone, lines
    assert {line["trace_id"] for line in undone} == {trace_id}
    assert all(len(line["span_id"]) == 16 for line in undone)
    untraced = [line for line in lines if line.get("event") == "mercato ready"]
    assert untraced and "trace_id" not in untraced[0], "no span, no trace id"
