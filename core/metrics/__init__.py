"""Prometheus metrics: one registry per app, filled at scrape time.

What happens (HTTP requests, bus messages, orders, failed checkouts) is tallied in plain
dicts by a ``Meter``, cheap enough for every request; what *is* (outbox backlog, actor
mailboxes, the database pool, circuit breakers) is read from the live services when
``GET /metrics`` is scraped. Each process exposes its own numbers; in split mode Prometheus
scrapes every process directly (sum across instances in queries).

HTTP requests are labelled by the route's path template (``/products/{product_id}``), never
the raw path, so the number of series stays bounded. Bus code reports through the module
helpers (``count_message``, ``outgoing``, ``handling``); they go to the meter of the app
whose lifespan runs (the last started, when a process runs several).
"""

from core.metrics.http import Instrumentation, metrics_endpoint
from core.metrics.meter import Meter, checkout_failed, count_message, handling, order_placed, outgoing

__all__ = [
    "Instrumentation",
    "Meter",
    "checkout_failed",
    "count_message",
    "handling",
    "metrics_endpoint",
    "order_placed",
    "outgoing",
]
