"""Product commands, and what the product and variant handlers share: references, slugs, SKUs.

Each command runs in one unit of work: the change and the events the product
recorded commit together or not at all. Every change to an existing product
ends with a ``ProductUpdated`` carrying the full snapshot.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from msgspec import UNSET

from core.errors import Conflict, FieldError
from core.slugs import slugify, unique_slug
from core.validation import Findings, check_limit, found
from domains.catalog.messages import (
    ArchiveProduct,
    CreateProduct,
    DeleteProduct,
    ImportProducts,
    ImportReport,
    ProductDetails,
    PublishProduct,
    Removal,
    UpdateProduct,
)
from domains.catalog.model import products as model
from domains.catalog.model.variants import priced_in

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.catalog.model.products import Product
    from domains.catalog.model.taxonomy import Brand, Category
    from domains.catalog.model.variants import Variant
    from domains.catalog.ports import CatalogDeps, SlugStore

MAX_IMPORT = 1000
Change = Callable[["Product", "datetime"], Awaitable[None]]


class References:
    """The brands and category trails of products, each read once per message."""

    def __init__(self, deps: CatalogDeps) -> None:
        self._deps = deps
        self._brands: dict[UUID, Brand | None] = {}
        self._trails: dict[UUID, list[Category]] = {}

    async def brand(self, brand_id: UUID | None) -> Brand | None:
        if brand_id is not None and brand_id not in self._brands:
            self._brands[brand_id] = await self._deps.brands.get(brand_id)
        return self._brands[brand_id] if brand_id is not None else None

    async def trail(self, category_id: UUID | None) -> list[Category]:
        if category_id is not None and category_id not in self._trails:
            self._trails[category_id] = await self._deps.categories.trail(category_id)
        return self._trails[category_id] if category_id is not None else []

    async def check(self, product: Product, checks: Findings, prefix: str = "") -> None:
        if product.brand_id is not None and await self.brand(product.brand_id) is None:
            checks.add(f"{prefix}brand_id", "no such brand")
        if product.category_id is not None and not await self.trail(product.category_id):
            checks.add(f"{prefix}category_id", "no such category")

    async def details(self, product: Product) -> ProductDetails:
        return product.details(await self.brand(product.brand_id), await self.trail(product.category_id))


async def free_slug(
    store: SlugStore, wanted: str | None, name: str, reserved: set[str], field: str = "slug"
) -> str:
    """The slug asked for (``Conflict`` if taken) or a free one made from the name."""
    if wanted is not None:
        if wanted in reserved or wanted in await store.slugs_taken(wanted):
            raise Conflict(f"slug {wanted} is already in use", errors=[FieldError(field, "already in use")])
        return wanted
    base = slugify(name)
    return unique_slug(base, reserved | await store.slugs_taken(base))


async def claim_skus(deps: CatalogDeps, labelled: list[tuple[str, Variant]]) -> None:
    """``Conflict`` naming the field if a SKU is given twice or held by another variant."""
    seen: dict[str, UUID] = {}
    for field, variant in labelled:
        if seen.setdefault(variant.sku, variant.id) != variant.id:
            raise Conflict(f"SKU {variant.sku} is given twice", errors=[FieldError(field, "duplicate SKU")])
    owners = await deps.products.sku_owners(list(seen))
    for field, variant in labelled:
        if owners.get(variant.sku, variant.id) != variant.id:
            raise Conflict(
                f"SKU {variant.sku} is already in use", errors=[FieldError(field, "SKU already in use")]
            )


async def stocked(deps: CatalogDeps, variants: list[Variant]) -> list[Variant]:
    """The variants available only where inventory said it has units of their SKUs to sell: staff can
    take a variant off sale, not offer one inventory never stocked (a cart could not buy it)."""
    known = await deps.stock.availability({v.sku for v in variants})
    return [replace(v, available=v.available and known.get(v.sku, False)) for v in variants]


async def new_product(
    cmd: CreateProduct,
    deps: CatalogDeps,
    refs: References,
    *,
    prefix: str = "",
    reserved: set[str] | None = None,
) -> Product:
    """A checked product from ``cmd``, its SKUs not yet claimed; errors name fields under ``prefix``."""
    checks, now = Findings(), deps.clock()
    product = model.draft(cmd, now, checks, prefix)
    product.variants = await stocked(deps, product.variants)
    for i, variant in enumerate(product.variants):
        priced_in(variant, deps.currency, checks, f"{prefix}variants[{i}].price")
    wanted = checks.slug(cmd.slug, f"{prefix}slug") if cmd.slug is not None else None
    await refs.check(product, checks, prefix)
    checks.raise_any()
    product.slug = await free_slug(deps.products, wanted, product.name, reserved or set(), f"{prefix}slug")
    if cmd.publish:
        product.publish(now)
    return product


async def create_product(cmd: CreateProduct, deps: CatalogDeps) -> ProductDetails:
    async with deps.uow() as uow:
        refs = References(deps)
        product = await new_product(cmd, deps, refs)
        await claim_skus(deps, [(f"variants[{i}].sku", v) for i, v in enumerate(product.variants)])
        await deps.products.add(product)
        details = await refs.details(product)
        product.announce(details, created=True)
        uow.collect(product)
        await uow.commit()
    return details


async def import_products(cmd: ImportProducts, deps: CatalogDeps) -> ImportReport:
    check_limit(cmd.products, MAX_IMPORT, "products")
    async with deps.uow() as uow:
        refs, products, slugs = References(deps), list["Product"](), set[str]()
        for i, spec in enumerate(cmd.products):
            product = await new_product(spec, deps, refs, prefix=f"products[{i}].", reserved=slugs)
            slugs.add(product.slug)
            products.append(product)
        labelled = [
            (f"products[{i}].variants[{j}].sku", v)
            for i, p in enumerate(products)
            for j, v in enumerate(p.variants)
        ]
        await claim_skus(deps, labelled)
        await deps.products.add(*products)
        for product in products:
            product.announce(await refs.details(product), created=True)
        uow.collect(*products)
        await uow.commit()
    return ImportReport(created=len(products))


async def load(deps: CatalogDeps, product_id: UUID) -> Product:
    return found(await deps.products.get(product_id), "product", product_id)


async def change_product(deps: CatalogDeps, product_id: UUID, change: Change) -> ProductDetails:
    """Load a product, apply ``change``, save it and commit its events and new snapshot."""
    async with deps.uow() as uow:
        product, now, refs = await load(deps, product_id), deps.clock(), References(deps)
        await change(product, now)
        product.updated_at = now
        await deps.products.save(product)
        details = await refs.details(product)
        product.announce(details)
        uow.collect(product)
        await uow.commit()
    return details


async def update_product(cmd: UpdateProduct, deps: CatalogDeps) -> ProductDetails:
    """Apply the fields ``cmd`` sets; a slug changes only when asked for."""

    async def change(product: Product, now: datetime) -> None:
        checks = Findings()
        product.revise(cmd, checks)
        wanted = checks.slug(cmd.slug) if cmd.slug is not UNSET else None
        await References(deps).check(product, checks)
        checks.raise_any()
        if wanted is not None and wanted != product.slug:
            product.slug = await free_slug(deps.products, wanted, product.name, set())

    return await change_product(deps, cmd.product_id, change)


async def publish_product(cmd: PublishProduct, deps: CatalogDeps) -> ProductDetails:
    async def change(product: Product, now: datetime) -> None:
        product.publish(now)

    return await change_product(deps, cmd.product_id, change)


async def archive_product(cmd: ArchiveProduct, deps: CatalogDeps) -> ProductDetails:
    async def change(product: Product, now: datetime) -> None:
        product.archive(now)

    return await change_product(deps, cmd.product_id, change)


async def delete_product(cmd: DeleteProduct, deps: CatalogDeps) -> Removal:
    """Deletes a product never published; archives one shoppers may have ordered."""
    async with deps.uow() as uow:
        product = await load(deps, cmd.product_id)
        outcome = product.removal()
        if outcome == "deleted":
            await deps.products.delete(product)
            product.delete()
            uow.collect(product)
        elif product.status != "archived":
            await archive_product(ArchiveProduct(product_id=product.id), deps)  # joins this unit of work
        await uow.commit()
    return Removal(product_id=product.id, outcome=outcome)


HANDLERS: dict[type[Message], Handler] = {
    CreateProduct: create_product,
    ImportProducts: import_products,
    UpdateProduct: update_product,
    PublishProduct: publish_product,
    ArchiveProduct: archive_product,
    DeleteProduct: delete_product,
}
