"""The orders actor: the checkout saga, the order lifecycle, returns and refunds, the queries; orders
following their payments' events; and the recovery pass."""

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
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = dict(payment_events.SUBSCRIPTIONS)
WORKERS = (recovery_worker,)

__all__ = ["HANDLERS", "SUBSCRIPTIONS", "WORKERS", "recover", "recovery_worker"]
