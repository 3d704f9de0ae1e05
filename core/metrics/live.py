"""What *is*, read when /metrics is scraped: the meter's tallies and the live services
(outbox backlog, actor mailboxes, database pool, circuit breakers).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import structlog
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from core.breaker import BREAKERS, STATE_VALUES
from core.metrics.meter import Meter

if TYPE_CHECKING:
    from litestar.datastructures import State

log = structlog.get_logger("mercato.metrics")

OUTBOX_LAG = (
    "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8"
    " FROM runtime_outbox WHERE published_at IS NULL AND NOT dead"
)


class LiveState(Collector):
    """The app's tallies and its services' state, read when scraped."""

    def __init__(self, meter: Meter, state: State) -> None:
        self._meter = meter
        self._state = state

    def collect(self) -> Iterator[Metric]:
        yield from self._http()
        yield from self._bus()
        yield from self._commerce()
        services = getattr(self._state, "services", None)
        if services is not None:
            yield from self._outbox()
            yield from self._actors(services)
            yield from self._pool(services)
        yield from _breakers()

    def _http(self) -> Iterator[Metric]:
        requests = CounterMetricFamily(
            "mercato_http_requests",
            "HTTP requests by route template, method and status.",
            labels=["route", "method", "status"],
        )
        for labels, count in list(self._meter.requests.items()):
            requests.add_metric(list(labels), count)
        latency = HistogramMetricFamily(
            "mercato_http_request_duration_seconds",
            "HTTP request latency by route template and method.",
            labels=["route", "method"],
        )
        for (route, method), timings in list(self._meter.latency.items()):
            latency.add_metric([route, method], timings.buckets(), timings.total)
        yield requests
        yield latency

    def _bus(self) -> Iterator[Metric]:
        messages = CounterMetricFamily(
            "mercato_bus_messages",
            "Bus messages by type and stage (sent: commands and queries asked; published: events the "
            "relay published; handled: handler runs) and outcome (ok, refused: a domain error, error).",
            labels=["type", "stage", "outcome"],
        )
        for labels, count in list(self._meter.messages.items()):
            messages.add_metric(list(labels), count)
        yield messages

    def _commerce(self) -> Iterator[Metric]:
        orders = CounterMetricFamily(
            "mercato_orders_placed", "Orders placed (OrderPlaced events published).", labels=["currency"]
        )
        revenue = CounterMetricFamily(
            "mercato_revenue_minor_units",
            "Order totals placed, in minor units of the currency (cents for EUR).",
            labels=["currency"],
        )
        for currency, count in list(self._meter.orders.items()):
            orders.add_metric([currency], count)
            revenue.add_metric([currency], self._meter.revenue[currency])
        failed = CounterMetricFamily(
            "mercato_checkouts_failed",
            "Checkouts refused, by reason (the problem type: payment_required, conflict, invalid, ...).",
            labels=["reason"],
        )
        for reason, count in list(self._meter.failed_checkouts.items()):
            failed.add_metric([reason], count)
        yield from (orders, revenue, failed)

    def _outbox(self) -> Iterator[Metric]:
        if self._meter.outbox is None:
            return
        backlog, age = self._meter.outbox
        yield GaugeMetricFamily(
            "mercato_outbox_backlog", "Committed events not yet published (shared by all processes).", backlog
        )
        yield GaugeMetricFamily(
            "mercato_outbox_oldest_age_seconds", "Age of the oldest unpublished event (0 when none).", age
        )

    @staticmethod
    def _actors(services: Any) -> Iterator[Metric]:
        actors = services.actors
        if actors is None:
            return
        live = GaugeMetricFamily("mercato_actors", "Live keyed actors by domain.", labels=["domain"])
        depth = GaugeMetricFamily(
            "mercato_actor_mailbox_depth",
            "Work queued in the actors' mailboxes by domain.",
            labels=["domain"],
        )
        deepest = GaugeMetricFamily(
            "mercato_actor_mailbox_max_depth",
            "The fullest mailbox of the domain's actors.",
            labels=["domain"],
        )
        for domain, (count, queued, most) in actors.mailboxes().items():
            live.add_metric([domain], count)
            depth.add_metric([domain], queued)
            deepest.add_metric([domain], most)
        yield from (live, depth, deepest)

    @staticmethod
    def _pool(services: Any) -> Iterator[Metric]:
        engine = services.engine
        pool = getattr(engine, "pool", None)
        if pool is None:
            return
        yield GaugeMetricFamily(
            "mercato_db_pool_connections", "Connections the pool holds open.", pool.get_size()
        )
        yield GaugeMetricFamily(
            "mercato_db_pool_idle_connections", "Open connections not in use.", pool.get_idle_size()
        )
        yield GaugeMetricFamily(
            "mercato_db_pool_max_connections", "The most connections the pool opens.", pool.get_max_size()
        )


def _breakers() -> Iterator[Metric]:
    state = GaugeMetricFamily(
        "mercato_breaker_state", "Circuit breaker state: 0 closed, 1 half-open, 2 open.", labels=["breaker"]
    )
    for name, breaker in list(BREAKERS.items()):
        state.add_metric([name], STATE_VALUES[breaker.state])
    yield state


async def read_outbox(meter: Meter, services: Any) -> None:
    pool = getattr(services.engine, "pool", None) if services is not None else None
    if pool is None:
        return
    try:
        async with asyncio.timeout(2):
            row = await pool.fetchrow(OUTBOX_LAG)
    except Exception as exc:  # noqa: BLE001 - an unknown backlog is left out, not a failed scrape
        log.warning("outbox backlog unknown", error=type(exc).__name__)
        meter.outbox = None
        return
    meter.outbox = (int(row[0]), float(row[1]))
