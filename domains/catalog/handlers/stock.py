"""The catalogue's copy of stock: inventory's ``StockChanged`` sets a variant's availability.

Only the newest word per SKU counts: an event older than the version kept
(delivered late or twice) changes nothing. A SKU no variant holds yet is
remembered, and a variant created with it later starts with that flag.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.catalog.handlers.products import change_product
from domains.inventory.messages import StockChanged

if TYPE_CHECKING:
    from datetime import datetime

    from core.domain import Handler
    from core.messages import Event
    from domains.catalog.model.products import Product
    from domains.catalog.ports import CatalogDeps


async def when_stock_changed_update_availability(event: StockChanged, deps: CatalogDeps) -> None:
    """The variant holding the SKU is available while inventory has units of it to sell."""
    available = event.available > 0
    async with deps.uow() as uow:
        if await deps.stock.advance(event.sku, event.version, available):
            product = await deps.products.get_by_sku(event.sku)
            variant = next((v for v in product.variants if v.sku == event.sku), None) if product else None
            if product is not None and variant is not None and variant.available != available:

                async def change(product: Product, now: datetime) -> None:
                    product.set_availability(variant.id, available, now)

                await change_product(deps, product.id, change)  # joins this unit of work
        await uow.commit()


SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    StockChanged: [when_stock_changed_update_availability],
}
