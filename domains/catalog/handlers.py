"""The catalogue's actor: one handler per product command, and the table of all handlers.

Each command runs in one unit of work: the change and the events it causes
commit together or not at all. Every change to an existing product adds a
``ProductUpdated`` with the full snapshot after any more specific event.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from core.errors import FieldError, Invalid
from domains.catalog import model, queries, rules, taxonomy_handlers
from domains.catalog.messages import (
    AddVariant,
    ArchiveProduct,
    CreateProduct,
    DeleteProduct,
    ImportProducts,
    ImportReport,
    ProductArchived,
    ProductCreated,
    ProductDeleted,
    ProductDetails,
    ProductPublished,
    ProductUpdated,
    PublishProduct,
    Removal,
    RemoveVariant,
    UpdateProduct,
    UpdateVariant,
    VariantRemoved,
)
from domains.catalog.products import (
    References,
    claim_skus,
    load,
    new_product,
    revise_product,
    revise_variant,
)

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Event, Message
    from domains.catalog.model import Product
    from domains.catalog.ports import Catalog

MAX_IMPORT = 1000
Change = Callable[["Product", "datetime", References], Awaitable[list["Event"]]]


async def create_product(cmd: CreateProduct, deps: Catalog) -> ProductDetails:
    async with deps.uow() as uow:
        refs = References(deps)
        product = await new_product(cmd, deps, refs)
        await claim_skus(deps, [(f"variants[{i}].sku", v) for i, v in enumerate(product.variants)])
        await deps.products.add(product)
        details = await refs.details(product)
        uow.add(*_created(product, details))
        await uow.commit()
    return details


async def import_products(cmd: ImportProducts, deps: Catalog) -> ImportReport:
    if len(cmd.products) > MAX_IMPORT:
        raise Invalid("too many products", errors=[FieldError("products", f"at most {MAX_IMPORT} at once")])
    async with deps.uow() as uow:
        refs, products, slugs = References(deps), list["Product"](), set[str]()
        for i, spec in enumerate(cmd.products):
            product = await new_product(spec, deps, refs, prefix=f"products[{i}].", reserved=slugs)
            slugs.add(product.slug)
            products.append(product)
        await claim_skus(
            deps,
            [
                (f"products[{i}].variants[{j}].sku", v)
                for i, p in enumerate(products)
                for j, v in enumerate(p.variants)
            ],
        )
        await deps.products.add(*products)
        for product in products:
            uow.add(*_created(product, await refs.details(product)))
        await uow.commit()
    return ImportReport(created=len(products))


def _created(product: Product, details: ProductDetails) -> list[Event]:
    events: list[Event] = [ProductCreated(product_id=product.id, product=details)]
    if product.status == "published":
        events.append(_published(product))
    return events


def _published(product: Product) -> ProductPublished:
    assert product.published_at is not None
    return ProductPublished(product_id=product.id, slug=product.slug, published_at=product.published_at)


async def _change(deps: Catalog, product_id: UUID, change: Change) -> ProductDetails:
    """Load a product, apply ``change`` (which returns its specific events), save, announce."""
    async with deps.uow() as uow:
        product, now, refs = await load(deps, product_id), deps.clock(), References(deps)
        events = await change(product, now, refs)
        product.updated_at = now
        await deps.products.save(product)
        details = await refs.details(product)
        uow.add(*events, ProductUpdated(product_id=product.id, product=details))
        await uow.commit()
    return details


async def update_product(cmd: UpdateProduct, deps: Catalog) -> ProductDetails:
    async def change(product: Product, now: datetime, refs: References) -> list[Event]:
        await revise_product(cmd, product, deps, refs)
        return []

    return await _change(deps, cmd.product_id, change)


async def publish_product(cmd: PublishProduct, deps: Catalog) -> ProductDetails:
    async def change(product: Product, now: datetime, refs: References) -> list[Event]:
        product.publish(now)
        return [_published(product)]

    return await _change(deps, cmd.product_id, change)


async def archive_product(cmd: ArchiveProduct, deps: Catalog) -> ProductDetails:
    async def change(product: Product, now: datetime, refs: References) -> list[Event]:
        product.archive(now)
        return [ProductArchived(product_id=product.id, slug=product.slug, archived_at=now)]

    return await _change(deps, cmd.product_id, change)


async def delete_product(cmd: DeleteProduct, deps: Catalog) -> Removal:
    """Deletes a product never published; archives one shoppers may have ordered."""
    async with deps.uow() as uow:
        product = await load(deps, cmd.product_id)
        outcome = product.removal()
        if outcome == "deleted":
            await deps.products.delete(product)
            uow.add(ProductDeleted(product_id=product.id, slug=product.slug))
        elif product.status != "archived":
            await archive_product(ArchiveProduct(product_id=product.id), deps)  # joins this unit of work
        await uow.commit()
    return Removal(product_id=product.id, outcome=outcome)


async def add_variant(cmd: AddVariant, deps: Catalog) -> ProductDetails:
    async def change(product: Product, now: datetime, refs: References) -> list[Event]:
        found = rules.Findings()
        variant = model.new_variant(cmd.variant, found)
        found.raise_any()
        await claim_skus(deps, [("sku", variant)])
        product.add_variant(variant, now)
        return []

    return await _change(deps, cmd.product_id, change)


async def update_variant(cmd: UpdateVariant, deps: Catalog) -> ProductDetails:
    async def change(product: Product, now: datetime, refs: References) -> list[Event]:
        return await revise_variant(cmd, product, now, deps)

    return await _change(deps, cmd.product_id, change)


async def remove_variant(cmd: RemoveVariant, deps: Catalog) -> ProductDetails:
    async def change(product: Product, now: datetime, refs: References) -> list[Event]:
        old = product.remove_variant(cmd.variant_id, now)
        return [VariantRemoved(product_id=product.id, variant_id=old.id, sku=old.sku)]

    return await _change(deps, cmd.product_id, change)


HANDLERS: dict[type[Message], Handler] = {
    CreateProduct: create_product,
    ImportProducts: import_products,
    UpdateProduct: update_product,
    PublishProduct: publish_product,
    ArchiveProduct: archive_product,
    DeleteProduct: delete_product,
    AddVariant: add_variant,
    UpdateVariant: update_variant,
    RemoveVariant: remove_variant,
    **queries.HANDLERS,
    **taxonomy_handlers.HANDLERS,
}
