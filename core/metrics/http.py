"""The HTTP side of metrics: the request-timing middleware, ``GET /metrics`` and the
``Instrumentation`` an app is built with (its registry, middleware and lifespan hook).

Requests are labelled by the route's path template (``/products/{product_id}``), never the
raw path, so the number of series stays bounded; requests no route matched count as
``unmatched``.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING, Any

import msgspec
import structlog
from litestar import Request, Response, get
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4 as CONTENT_TYPE
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

from core import tracing
from core.errors import Unauthorized
from core.metrics.live import LiveState, read_outbox
from core.metrics.meter import Meter, activate, deactivate

if TYPE_CHECKING:
    from litestar import Litestar
    from litestar.types import ASGIApp, Message, Receive, Scope, Send

    from config.settings import Settings

log = structlog.get_logger("mercato.metrics")

UNTRACED = ("/health/", "/metrics")  # probes and scrapes: no spans


class Instrumentation:
    """An app's metrics and tracing: its registry, its HTTP middleware and its lifespan hook."""

    def __init__(self, settings: Settings, domains: Sequence[str]) -> None:
        self.settings = settings
        self.domains = list(domains)
        self.meter = Meter()
        self.registry = CollectorRegistry(auto_describe=False)
        self._live: LiveState | None = None
        for standard in (ProcessCollector, PlatformCollector, GCCollector):
            standard(registry=self.registry)

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Litestar) -> AsyncIterator[None]:
        app.state.metrics = self
        if self._live is None:  # once, even if the lifespan runs again
            self._live = LiveState(self.meter, app.state)
            self.registry.register(self._live)
        provider = tracing.install(self.settings, self.domains)
        previous = activate(self.meter)
        try:
            yield
        finally:
            deactivate(self.meter, previous)
            tracing.uninstall(provider)

    async def unmatched(self, exc: Exception, scope: Scope) -> None:
        """An ``after_exception`` hook: counts requests no route matched (404, 405), which never
        reach route middleware, under the route ``unmatched`` (their latency is not measured)."""
        if scope.get("type") == "http" and not scope.get("path_template"):
            status = int(getattr(exc, "status_code", None) or 500)
            method = str(scope.get("method", ""))
            self.meter.requests["unmatched", method, str(status)] += 1

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """Times every request and counts it by route template, method and status; traces it."""
        meter = self.meter

        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            route: str = scope.get("path_template") or "unmatched"
            method: str = scope["method"]  # type: ignore[typeddict-item]
            checkout = method == "POST" and route.endswith("/checkout")
            status = 500
            refusal: list[bytes] = []

            async def sending(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                elif checkout and status >= 400 and message["type"] == "http.response.body":
                    refusal.append(message.get("body", b""))
                await send(message)

            started = time.perf_counter()
            try:
                if tracing.enabled() and not route.startswith(UNTRACED):
                    await _traced(app, scope, receive, sending, route, method, lambda: status)
                else:
                    await app(scope, receive, sending)
            except Exception as exc:
                status = int(getattr(exc, "status_code", None) or getattr(exc, "status", None) or 500)
                raise
            finally:
                meter.observe_request(route, method, status, time.perf_counter() - started)
                if checkout and status >= 400:
                    meter.checkout_failed(_reason(status, b"".join(refusal)))

        return middleware


async def _traced(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    route: str,
    method: str,
    status: Callable[[], int],
) -> None:
    headers = {
        key.decode("latin-1"): value.decode("latin-1")
        for key, value in scope["headers"]
        if key in (b"traceparent", b"tracestate")
    }
    attributes = {"http.request.method": method, "http.route": route, "url.path": scope["path"]}
    with tracing.span(
        f"{method} {route}", kind=tracing.SERVER, parent=tracing.extract(headers), attributes=attributes
    ) as span:
        try:
            await app(scope, receive, send)
        finally:
            span.set_attribute("http.response.status_code", status())
            if status() >= 500:
                tracing.failed(status())


class _Refusal(msgspec.Struct):
    type: str = "about:blank"


def _reason(status: int, body: bytes) -> str:
    """The problem type's last segment (``payment_required``), else ``http_<status>``."""
    try:
        kind = msgspec.json.decode(body, type=_Refusal).type
    except (msgspec.DecodeError, msgspec.ValidationError):
        kind = "about:blank"
    return f"http_{status}" if kind == "about:blank" else kind.rsplit("/", 1)[-1]


@get(
    "/metrics",
    operation_id="metrics",
    summary="Prometheus metrics of this process",
    description=(
        "The Prometheus text format: HTTP requests, bus messages, outbox lag, actor mailboxes, database "
        "pool, orders, revenue, failed checkouts and circuit breakers of the process answering. Open "
        "unless the `metrics_token` setting is set; then it needs `Authorization: Bearer <metrics_token>`. "
        "In split mode scrape every process directly, not through the gateway."
    ),
    tags=["operations"],
    media_type=CONTENT_TYPE,
    opt={"auth": "optional"},
)
async def metrics_endpoint(request: Request[Any, Any, Any]) -> Response[bytes]:
    instrumentation: Instrumentation | None = getattr(request.app.state, "metrics", None)
    settings: Settings = request.app.state.settings
    if settings.metrics_token:
        given = request.headers.get("authorization", "")
        expected = f"Bearer {settings.metrics_token}"
        if not secrets.compare_digest(given.encode(), expected.encode()):
            raise Unauthorized("metrics need `Authorization: Bearer <metrics_token>`")
    if instrumentation is None:
        return Response(b"", media_type=CONTENT_TYPE)
    await read_outbox(instrumentation.meter, getattr(request.app.state, "services", None))
    return Response(generate_latest(instrumentation.registry), media_type=CONTENT_TYPE)
