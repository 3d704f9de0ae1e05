"""The catalogue's actor: products, variants, product reads, categories and brands; one table of
handlers, and its subscriptions to inventory's stock changes and pricing's price lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.catalog.handlers import listing, prices, products, stock, taxonomy, variants

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {
    **products.HANDLERS,
    **variants.HANDLERS,
    **listing.HANDLERS,
    **taxonomy.HANDLERS,
    **prices.HANDLERS,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {**stock.SUBSCRIPTIONS, **prices.SUBSCRIPTIONS}

__all__ = ["HANDLERS", "SUBSCRIPTIONS"]
