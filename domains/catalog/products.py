"""Products from commands: field checks, references, free slugs and SKUs, revisions.

Shared by the product handlers; reads through the ports, writes nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from msgspec import UNSET

from core.errors import Conflict, FieldError, NotFound
from domains.catalog import model, rules, views
from domains.catalog.messages import ProductPriceChanged, VariantAvailabilityChanged
from domains.catalog.model import Product

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from core.messages import Event
    from domains.catalog.messages import CreateProduct, ProductDetails, UpdateProduct, UpdateVariant
    from domains.catalog.model import Variant
    from domains.catalog.ports import Catalog, SlugStore
    from domains.catalog.taxonomy import Brand, Category


class References:
    """The brands and category trails of products, each read once per message."""

    def __init__(self, deps: Catalog) -> None:
        self._deps = deps
        self._brands: dict[UUID, Brand | None] = {}
        self._trails: dict[UUID, list[Category]] = {}

    async def brand(self, brand_id: UUID | None) -> Brand | None:
        if brand_id is None:
            return None
        if brand_id not in self._brands:
            self._brands[brand_id] = await self._deps.brands.get(brand_id)
        return self._brands[brand_id]

    async def trail(self, category_id: UUID | None) -> list[Category]:
        if category_id is None:
            return []
        if category_id not in self._trails:
            self._trails[category_id] = await self._deps.categories.trail(category_id)
        return self._trails[category_id]

    async def check(self, product: Product, found: rules.Findings, prefix: str = "") -> None:
        if product.brand_id is not None and await self.brand(product.brand_id) is None:
            found.add(f"{prefix}brand_id", "no such brand")
        if product.category_id is not None and not await self.trail(product.category_id):
            found.add(f"{prefix}category_id", "no such category")

    async def details(self, product: Product) -> ProductDetails:
        return views.product_details(
            product, await self.brand(product.brand_id), await self.trail(product.category_id)
        )


async def load(deps: Catalog, product_id: UUID) -> Product:
    product = await deps.products.get(product_id)
    if product is None:
        raise NotFound(f"no product {product_id}")
    return product


async def claim_skus(deps: Catalog, labelled: list[tuple[str, Variant]]) -> None:
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


async def free_slug(
    store: SlugStore, wanted: str | None, name: str, reserved: set[str], field: str = "slug"
) -> str:
    """The slug asked for (``Conflict`` if taken) or a free one made from the name."""
    if wanted is not None:
        if wanted in reserved or wanted in await store.slugs_taken(wanted):
            raise Conflict(f"slug {wanted} is already in use", errors=[FieldError(field, "already in use")])
        return wanted
    base = rules.slugify(name)
    return rules.unique_slug(base, reserved | await store.slugs_taken(base))


async def new_product(
    cmd: CreateProduct, deps: Catalog, refs: References, *, prefix: str = "", reserved: set[str] | None = None
) -> Product:
    """A checked product from ``cmd``, its SKUs not yet claimed; errors name fields under ``prefix``."""
    found = rules.Findings()
    now = deps.clock()
    variants: list[Variant] = []
    for i, spec in enumerate(cmd.variants):
        variant = model.new_variant(spec, found, f"{prefix}variants[{i}].")
        model.check_fits(variant, variants, found, f"{prefix}variants[{i}].")
        variants.append(variant)
    product = Product(
        id=cmd.product_id,
        slug="",
        name=rules.text(cmd.name, found, f"{prefix}name", longest=200),
        description=rules.rich_text(cmd.description, found, f"{prefix}description"),
        brand_id=cmd.brand_id,
        category_id=cmd.category_id,
        images=rules.images(cmd.images, found, f"{prefix}images"),
        attributes=rules.attributes(cmd.attributes, found, f"{prefix}attributes"),
        variants=variants,
        created_at=now,
        updated_at=now,
    )
    wanted = rules.slug(cmd.slug, found, f"{prefix}slug") if cmd.slug is not None else None
    await refs.check(product, found, prefix)
    found.raise_any()
    product.slug = await free_slug(deps.products, wanted, product.name, reserved or set(), f"{prefix}slug")
    if cmd.publish:
        product.publish(now)
    return product


async def revise_product(cmd: UpdateProduct, product: Product, deps: Catalog, refs: References) -> None:
    """Apply the fields ``cmd`` sets; a slug changes only when asked for."""
    found = rules.Findings()
    if cmd.name is not UNSET:
        product.name = rules.text(cmd.name, found, "name", longest=200)
    if cmd.description is not UNSET:
        product.description = rules.rich_text(cmd.description, found, "description")
    if cmd.images is not UNSET:
        product.images = rules.images(cmd.images, found)
    if cmd.attributes is not UNSET:
        product.attributes = rules.attributes(cmd.attributes, found)
    if cmd.brand_id is not UNSET:
        product.brand_id = cmd.brand_id
    if cmd.category_id is not UNSET:
        product.category_id = cmd.category_id
    wanted = rules.slug(cmd.slug, found) if cmd.slug is not UNSET else None
    await refs.check(product, found)
    found.raise_any()
    if wanted is not None and wanted != product.slug:
        product.slug = await free_slug(deps.products, wanted, product.name, set())


async def revise_variant(cmd: UpdateVariant, product: Product, now: datetime, deps: Catalog) -> list[Event]:
    """Apply the fields ``cmd`` sets to one variant; return the price and availability events."""
    old = product.variant(cmd.variant_id)
    found = rules.Findings()
    new = replace(
        old,
        sku=rules.sku(cmd.sku, found) if cmd.sku is not UNSET else old.sku,
        price=rules.money(cmd.price, found, "price") if cmd.price is not UNSET else old.price,
        options=rules.options(cmd.options, found) if cmd.options is not UNSET else old.options,
        weight_grams=rules.weight(cmd.weight_grams, found)
        if cmd.weight_grams is not UNSET
        else old.weight_grams,
        available=cmd.available if cmd.available is not UNSET else old.available,
    )
    found.raise_any()
    if new.sku != old.sku:
        await claim_skus(deps, [("sku", new)])
    product.replace_variant(new, now)
    events: list[Event] = []
    if new.price != old.price:
        events.append(
            ProductPriceChanged(
                product_id=product.id,
                variant_id=new.id,
                sku=new.sku,
                old_price=old.price,
                new_price=new.price,
            )
        )
    if new.available != old.available:
        events.append(
            VariantAvailabilityChanged(
                product_id=product.id, variant_id=new.id, sku=new.sku, available=new.available
            )
        )
    return events
