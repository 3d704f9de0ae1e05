"""The pricing actor, by subject: the ``catalogue`` copy of base prices, ``price_lists``,
``prices`` (what a SKU costs, exchange rates, history), ``tax`` and ``quotes``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.catalog import messages as catalog
from domains.pricing.handlers import price_lists, prices, quotes, tax
from domains.pricing.handlers.catalogue import (
    when_product_changed_copy_prices,
    when_product_deleted_drop_prices,
    when_product_price_changed_move_price,
    when_variant_removed_drop_price,
)

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {
    **price_lists.HANDLERS,
    **prices.HANDLERS,
    **tax.HANDLERS,
    **quotes.HANDLERS,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    catalog.ProductCreated: [when_product_changed_copy_prices],
    catalog.ProductUpdated: [when_product_changed_copy_prices],
    catalog.ProductPriceChanged: [when_product_price_changed_move_price],
    catalog.VariantRemoved: [when_variant_removed_drop_price],
    catalog.ProductDeleted: [when_product_deleted_drop_prices],
}

__all__ = ["HANDLERS", "SUBSCRIPTIONS"]
