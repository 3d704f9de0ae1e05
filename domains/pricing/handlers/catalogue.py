"""Pricing's copy of the catalogue's base prices, fed by its events and never by reading its tables.

Snapshots (``ProductCreated`` / ``ProductUpdated``) carry the product's
``updated_at``: one older than what was applied is skipped, so repeats and late
deliveries converge on the latest state. ``ProductPriceChanged`` moves a price
only from its old amount, so a late one never undoes a newer snapshot. Every
change of an amount is written to the price history in the same unit of work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.catalog import messages as catalog
from domains.pricing.messages import PriceChange
from domains.pricing.model.prices import BasePrice

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from domains.pricing.ports import PricingDeps


def base_change(price: BasePrice, at: datetime) -> tuple[UUID, PriceChange, bool]:
    change = PriceChange(
        sku=price.sku,
        amount=price.amount,
        currency=price.currency,
        source="base",
        price_list_id=None,
        recorded_at=at,
    )
    return price.product_id, change, True


def snapshot_prices(product: catalog.ProductDetails) -> dict[str, BasePrice]:
    return {
        v.sku: BasePrice(
            sku=v.sku,
            product_id=product.id,
            variant_id=v.id,
            amount=v.price.amount,
            currency=v.price.currency,
        )
        for v in product.variants
    }


async def when_product_changed_copy_prices(
    event: catalog.ProductCreated | catalog.ProductUpdated, deps: PricingDeps
) -> None:
    product = event.product
    async with deps.uow() as uow:
        if not await deps.prices.advance(product.id, product.updated_at):
            return
        before = await deps.prices.of_product(product.id)
        after = snapshot_prices(product)
        moved = [p for sku, p in after.items() if before.get(sku) != p]
        await deps.prices.remove(set(before) - set(after))
        await deps.prices.put(moved)
        now = deps.clock()
        await deps.history.record(
            [
                base_change(p, now)
                for p in moved
                if p.sku not in before
                or (before[p.sku].amount, before[p.sku].currency) != (p.amount, p.currency)
            ]
        )
        await uow.commit()


async def when_product_price_changed_move_price(
    event: catalog.ProductPriceChanged, deps: PricingDeps
) -> None:
    async with deps.uow() as uow:
        if not await deps.prices.set_amount(event.sku, event.old_price.amount, event.new_price.amount):
            return
        price = BasePrice(
            sku=event.sku,
            product_id=event.product_id,
            variant_id=event.variant_id,
            amount=event.new_price.amount,
            currency=event.new_price.currency,
        )
        await deps.history.record([base_change(price, deps.clock())])
        await uow.commit()


async def when_variant_removed_drop_price(event: catalog.VariantRemoved, deps: PricingDeps) -> None:
    async with deps.uow() as uow:
        known = (await deps.prices.find([event.sku])).get(event.sku)
        if known is not None and known.variant_id == event.variant_id:
            await deps.prices.remove([event.sku])
        await uow.commit()


async def when_product_deleted_drop_prices(event: catalog.ProductDeleted, deps: PricingDeps) -> None:
    async with deps.uow() as uow:
        await deps.prices.remove_product(event.product_id)
        await uow.commit()
