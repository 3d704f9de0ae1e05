"""The shipping actor: zones, methods and quotes (``rates``), shipments of paid orders
(``fulfilment``), their labels (``labels``) and tracking (``tracking``), and the worker
that follows parcels in flight (``following``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.shipping.handlers import fulfilment, labels, rates, tracking
from domains.shipping.handlers.following import follow_once, follow_shipments

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {
    **rates.HANDLERS,
    **fulfilment.HANDLERS,
    **labels.HANDLERS,
    **tracking.HANDLERS,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = dict(fulfilment.SUBSCRIPTIONS)
WORKERS = (follow_shipments,)

__all__ = ["HANDLERS", "SUBSCRIPTIONS", "WORKERS", "follow_once", "follow_shipments"]
