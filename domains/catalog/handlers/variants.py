"""Variant commands, and the facts about variants that pricing and quotes ask for by SKU."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from core.validation import Findings, check_limit
from domains.catalog.handlers.products import change_product, claim_skus, stocked
from domains.catalog.messages import (
    MAX_SKUS,
    AddVariant,
    GetVariantsBySku,
    ProductDetails,
    RemoveVariant,
    UpdateVariant,
    VariantFacts,
)
from domains.catalog.model import variants as model

if TYPE_CHECKING:
    from datetime import datetime

    from core.domain import Handler
    from core.messages import Message
    from domains.catalog.model.products import Product
    from domains.catalog.ports import CatalogDeps


async def add_variant(cmd: AddVariant, deps: CatalogDeps) -> ProductDetails:
    async def change(product: Product, now: datetime) -> None:
        checks = Findings()
        variant = model.new_variant(cmd.variant, checks)
        model.priced_in(variant, deps.currency, checks)
        checks.raise_any()
        await claim_skus(deps, [("sku", variant)])
        product.add_variant((await stocked(deps, [variant]))[0], now)

    return await change_product(deps, cmd.product_id, change)


async def update_variant(cmd: UpdateVariant, deps: CatalogDeps) -> ProductDetails:
    """Changes a variant; a new price or stock flag is also announced on its own. A new SKU, or
    ``available`` set, is checked against inventory's word: a variant is on sale only with stock."""

    async def change(product: Product, now: datetime) -> None:
        checks, old = Findings(), product.variant(cmd.variant_id)
        new = model.revised(old, cmd, checks)
        model.priced_in(new, deps.currency, checks)
        checks.raise_any()
        if new.sku != old.sku:
            await claim_skus(deps, [("sku", new)])
        if new.sku != old.sku or cmd.available is True:
            new = (await stocked(deps, [replace(new, available=cmd.available is not False)]))[0]
        product.replace_variant(new, now)

    return await change_product(deps, cmd.product_id, change)


async def remove_variant(cmd: RemoveVariant, deps: CatalogDeps) -> ProductDetails:
    async def change(product: Product, now: datetime) -> None:
        product.remove_variant(cmd.variant_id, now)

    return await change_product(deps, cmd.product_id, change)


async def get_variants_by_sku(query: GetVariantsBySku, deps: CatalogDeps) -> list[VariantFacts]:
    """Facts of the variants holding these SKUs (any case); unknown SKUs are left out."""
    check_limit(query.skus, MAX_SKUS, "skus")
    wanted = sorted({model.normal_sku(sku) for sku in query.skus})
    return await deps.products.variant_facts(wanted) if wanted else []


HANDLERS: dict[type[Message], Handler] = {
    AddVariant: add_variant,
    UpdateVariant: update_variant,
    RemoveVariant: remove_variant,
    GetVariantsBySku: get_variants_by_sku,
}
