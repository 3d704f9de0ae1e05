"""The catalogue's actor: products, variants, product reads, categories and brands; one table of
handlers, and its subscription to inventory's stock changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.catalog.handlers import listing, products, stock, taxonomy, variants

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {
    **products.HANDLERS,
    **variants.HANDLERS,
    **listing.HANDLERS,
    **taxonomy.HANDLERS,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {**stock.SUBSCRIPTIONS}

__all__ = ["HANDLERS", "SUBSCRIPTIONS"]
