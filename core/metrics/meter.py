"""What happened, tallied in memory: HTTP requests, bus messages, orders, failed checkouts.

Plain dict increments, cheap enough for every request and message. Bus code reports through
the module helpers (``outgoing``, ``handling``, ``count_message``, ...): they go to the meter
of the app whose lifespan runs (the last started, when a process runs several).
"""

from __future__ import annotations

import contextlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

import msgspec

from core import tracing
from core.errors import DomainError
from core.messages import Envelope

if TYPE_CHECKING:
    from opentelemetry.context import Context

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_LE = [*(repr(b) for b in BUCKETS), "+Inf"]
ORDER_PLACED = "orders.OrderPlaced"


class _Money(msgspec.Struct):
    amount: int
    currency: str


class _Placed(msgspec.Struct):
    total: _Money


_placed = msgspec.json.Decoder(_Placed)


class _Timings:
    """One histogram series: counts per bucket (the last is +Inf) and the sum."""

    __slots__ = ("counts", "total")

    def __init__(self) -> None:
        self.counts = [0] * (len(BUCKETS) + 1)
        self.total = 0.0

    def observe(self, seconds: float) -> None:
        self.counts[bisect_left(BUCKETS, seconds)] += 1
        self.total += seconds

    def buckets(self) -> list[tuple[str, float]]:
        running, found = 0, []
        for le, count in zip(_LE, self.counts, strict=True):
            running += count
            found.append((le, float(running)))
        return found


class Meter:
    """What happened in this app since it started, tallied in memory."""

    def __init__(self) -> None:
        self.requests: dict[tuple[str, str, str], int] = defaultdict(int)  # route, method, status
        self.latency: dict[tuple[str, str], _Timings] = {}  # route, method
        self.messages: dict[tuple[str, str, str], int] = defaultdict(int)  # type, stage, outcome
        self.orders: dict[str, int] = defaultdict(int)
        self.revenue: dict[str, int] = defaultdict(int)
        self.failed_checkouts: dict[str, int] = defaultdict(int)
        self.outbox: tuple[int, float] | None = None  # read at scrape time

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests[route, method, str(status)] += 1
        timings = self.latency.get((route, method))
        if timings is None:
            timings = self.latency[route, method] = _Timings()
        timings.observe(seconds)

    def count_message(self, type_name: str, stage: str = "handled", outcome: str = "ok", n: int = 1) -> None:
        self.messages[type_name, stage, outcome] += n

    def order_placed(self, amount_minor: int, currency: str) -> None:
        self.orders[currency] += 1
        self.revenue[currency] += amount_minor

    def checkout_failed(self, reason: str) -> None:
        self.failed_checkouts[reason] += 1


_meter = Meter()  # the meter of the app whose lifespan runs


def activate(meter: Meter) -> Meter:
    """Make ``meter`` the one the module helpers report to; the one it replaces."""
    global _meter
    previous, _meter = _meter, meter
    return previous


def deactivate(meter: Meter, previous: Meter) -> None:
    """Undo ``activate(meter)`` unless another meter was activated since."""
    global _meter
    if _meter is meter:
        _meter = previous


def count_message(type_name: str, stage: str = "handled", outcome: str = "ok") -> None:
    _meter.count_message(type_name, stage, outcome)


def order_placed(amount_minor: int, currency: str) -> None:
    _meter.order_placed(amount_minor, currency)


def checkout_failed(reason: str) -> None:
    _meter.checkout_failed(reason)


def _outcome(exc: BaseException) -> str:
    return "refused" if isinstance(exc, DomainError) else "error"


@contextlib.contextmanager
def outgoing(
    envelope: Envelope, stage: str = "sent", headers: dict[str, str] | None = None
) -> Iterator[None]:
    """Around sending a command or query (``sent``) or publishing an event (``published``):
    counts it by outcome, traces it, and puts the trace context in ``headers`` (for NATS)."""
    meter = _meter
    attributes = _attributes(envelope) if tracing.enabled() else None
    kind = tracing.PRODUCER if stage == "published" else tracing.CLIENT
    with tracing.span(
        f"{'publish' if stage == 'published' else 'send'} {envelope.type}", kind=kind, attributes=attributes
    ):
        if headers is not None:
            tracing.inject(headers)
        try:
            yield
        except BaseException as exc:
            meter.count_message(envelope.type, stage, _outcome(exc))
            raise
    meter.count_message(envelope.type, stage)
    if stage == "published" and envelope.type == ORDER_PLACED:
        with contextlib.suppress(msgspec.DecodeError):
            placed = _placed.decode(envelope.payload)
            meter.order_placed(placed.total.amount, placed.total.currency)


@contextlib.contextmanager
def handling(
    envelope: Envelope, parent: Context | None, *, consumer: str | None = None, count: int = 1
) -> Iterator[None]:
    """Around a handler (in its actor): counts it by outcome and traces it as a child of ``parent``
    (the context of whoever delivered the message)."""
    meter = _meter
    attributes = _attributes(envelope, consumer) if tracing.enabled() else None
    with tracing.span(f"handle {envelope.type}", kind=tracing.CONSUMER, parent=parent, attributes=attributes):
        try:
            yield
        except BaseException as exc:
            meter.count_message(envelope.type, "handled", _outcome(exc), count)
            raise
    meter.count_message(envelope.type, "handled", "ok", count)


def _attributes(envelope: Envelope, consumer: str | None = None) -> dict[str, str]:
    found = {
        "messaging.system": "mercato",
        "messaging.destination.name": envelope.type,
        "messaging.message.id": envelope.id,
        "messaging.message.conversation_id": envelope.correlation_id,
    }
    if consumer:
        found["messaging.consumer.group.name"] = consumer
    return found
