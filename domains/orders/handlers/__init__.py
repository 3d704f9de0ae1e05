"""The orders actor: the checkout saga, the order lifecycle, returns and refunds, the queries; orders
following their payments' and their shipments' events; and the recovery pass."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.orders.handlers import (
    checkout,
    confirmation,
    lifecycle,
    payment_events,
    queries,
    receiving,
    refunds,
    returns,
    shipment_events,
)
from domains.orders.handlers.recovery import recover, recovery_worker

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {
    **checkout.HANDLERS,
    **confirmation.HANDLERS,
    **lifecycle.HANDLERS,
    **queries.HANDLERS,
    **returns.HANDLERS,
    **receiving.HANDLERS,
    **refunds.HANDLERS,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    **payment_events.SUBSCRIPTIONS,
    **shipment_events.SUBSCRIPTIONS,
}
WORKERS = (recovery_worker,)

__all__ = ["HANDLERS", "SUBSCRIPTIONS", "WORKERS", "recover", "recovery_worker"]
