"""The orders actor: the checkout saga, the order lifecycle, the queries; and the recovery pass."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.orders.handlers import checkout, lifecycle, queries
from domains.orders.handlers.recovery import recover, recovery_worker

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {**checkout.HANDLERS, **lifecycle.HANDLERS, **queries.HANDLERS}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {}
WORKERS = (recovery_worker,)

__all__ = ["HANDLERS", "SUBSCRIPTIONS", "WORKERS", "recover", "recovery_worker"]
