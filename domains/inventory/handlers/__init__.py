"""The inventory actor: warehouses, stock, reservations and allocations in one table of handlers,
and the sweeper that releases expired holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.inventory.handlers import allocations, reservations, stock, warehouses
from domains.inventory.handlers.sweeper import sweep_expired, sweep_reservations

if TYPE_CHECKING:
    from core.domain import BatchHandler, Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {
    **warehouses.HANDLERS,
    **stock.HANDLERS,
    **reservations.HANDLERS,
    **allocations.HANDLERS,
}
BATCH_HANDLERS: dict[type[Message], BatchHandler] = dict(reservations.BATCH_HANDLERS)
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {}
WORKERS = [sweep_reservations]

__all__ = ["BATCH_HANDLERS", "HANDLERS", "SUBSCRIPTIONS", "WORKERS", "sweep_expired"]
