"""Products: the catalogue's aggregate, its status rules and the events its changes raise. No I/O.

Stock: the catalogue does not own stock. Each variant carries an ``available``
flag: inventory's stock events set it (``when_stock_changed_update_availability``
through ``Product.set_availability``); a SKU inventory never spoke of has no
stock, so its variant starts unavailable. Staff may take a variant off sale
(``UpdateVariant``) until the next stock change of its SKU. A product is
``in_stock`` when any variant is available.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from msgspec import UNSET

from core.errors import Conflict, FieldError, NotFound
from core.validation import Findings
from domains.catalog.messages import (
    AttributeValue,
    Money,
    ProductArchived,
    ProductCreated,
    ProductDeleted,
    ProductDetails,
    ProductPriceChanged,
    ProductPublished,
    ProductUpdated,
    Status,
    VariantAvailabilityChanged,
    VariantRemoved,
)
from domains.catalog.model import rich_text, url
from domains.catalog.model.variants import Variant, check_fits, new_variant

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from core.messages import Event
    from domains.catalog.messages import CreateProduct, UpdateProduct
    from domains.catalog.model.taxonomy import Brand, Category

NAME_LENGTH, MAX_IMAGES, MAX_ATTRIBUTES = 200, 30, 100
TRANSITIONS: dict[Status, frozenset[Status]] = {
    "draft": frozenset({"published"}),
    "published": frozenset({"archived"}),
    "archived": frozenset({"published"}),
}


def images(values: list[str], found: Findings, field: str = "images") -> list[str]:
    if len(values) > MAX_IMAGES:
        found.add(field, f"at most {MAX_IMAGES} images")
    return [url(value, found, f"{field}[{i}]") for i, value in enumerate(values)]


def attributes(
    values: dict[str, AttributeValue], found: Findings, field: str = "attributes"
) -> dict[str, AttributeValue]:
    if len(values) > MAX_ATTRIBUTES:
        found.add(field, f"at most {MAX_ATTRIBUTES} attributes")
    cleaned: dict[str, AttributeValue] = {}
    for name, value in values.items():
        key = found.text(name, f"{field}.{name}", longest=64)
        if isinstance(value, str):
            value = found.text(value, f"{field}.{name}", longest=1000, required=False)
        elif isinstance(value, float) and not math.isfinite(value):
            found.add(f"{field}.{name}", "must be a finite number")
        cleaned[key] = value
    return cleaned


@dataclass
class Product:
    id: UUID
    slug: str
    name: str
    created_at: datetime
    updated_at: datetime
    description: str = ""
    brand_id: UUID | None = None
    category_id: UUID | None = None
    images: list[str] = field(default_factory=list)
    attributes: dict[str, AttributeValue] = field(default_factory=dict)
    variants: list[Variant] = field(default_factory=list)
    status: Status = "draft"
    published_at: datetime | None = None
    archived_at: datetime | None = None
    version: int = 0
    events: list[Event] = field(default_factory=list, init=False, compare=False, repr=False)

    @property
    def currency(self) -> str | None:
        return self.variants[0].price.currency if self.variants else None

    @property
    def price_min(self) -> Money | None:
        return min((v.price for v in self.variants), key=lambda p: p.amount, default=None)

    @property
    def price_max(self) -> Money | None:
        return max((v.price for v in self.variants), key=lambda p: p.amount, default=None)

    @property
    def in_stock(self) -> bool:
        return any(v.available for v in self.variants)

    def revise(self, cmd: UpdateProduct, found: Findings) -> None:
        """Apply the fields ``cmd`` sets (the slug is the handler's: it must be free)."""
        if cmd.name is not UNSET:
            self.name = found.text(cmd.name, "name", longest=NAME_LENGTH)
        if cmd.description is not UNSET:
            self.description = rich_text(cmd.description, found, "description")
        if cmd.images is not UNSET:
            self.images = images(cmd.images, found)
        if cmd.attributes is not UNSET:
            self.attributes = attributes(cmd.attributes, found)
        if cmd.brand_id is not UNSET:
            self.brand_id = cmd.brand_id
        if cmd.category_id is not UNSET:
            self.category_id = cmd.category_id

    def publish(self, now: datetime) -> None:
        if not self.variants:
            raise Conflict(
                "a product needs a variant before it can be published",
                errors=[FieldError("variants", "add at least one variant")],
            )
        self._move_to("published", now)
        self.published_at, self.archived_at = now, None
        self.events.append(ProductPublished(product_id=self.id, slug=self.slug, published_at=now))

    def archive(self, now: datetime) -> None:
        self._move_to("archived", now)
        self.archived_at = now
        self.events.append(ProductArchived(product_id=self.id, slug=self.slug, archived_at=now))

    def removal(self) -> Literal["deleted", "archived"]:
        """A product shoppers never saw can go; one they may have ordered is kept, archived."""
        return "deleted" if self.published_at is None else "archived"

    def delete(self) -> None:
        self.events.append(ProductDeleted(product_id=self.id, slug=self.slug))

    def _move_to(self, status: Status, now: datetime) -> None:
        if status not in TRANSITIONS[self.status]:
            raise Conflict(
                f"a {self.status} product cannot become {status}",
                errors=[FieldError("status", f"is {self.status}")],
            )
        self.status, self.updated_at = status, now

    def variant(self, variant_id: UUID) -> Variant:
        for variant in self.variants:
            if variant.id == variant_id:
                return variant
        raise NotFound(f"product {self.id} has no variant {variant_id}")

    def add_variant(self, variant: Variant, now: datetime) -> None:
        found = Findings()
        check_fits(variant, self.variants, found)
        found.raise_any("the variant does not fit this product")
        self.variants.append(variant)
        self.updated_at = now

    def replace_variant(self, variant: Variant, now: datetime) -> Variant:
        """Put ``variant`` in place of the one with its id; return the one replaced."""
        old = self.variant(variant.id)
        found = Findings()
        check_fits(variant, [v for v in self.variants if v.id != variant.id], found)
        found.raise_any("the variant does not fit this product")
        self.variants = [variant if v.id == variant.id else v for v in self.variants]
        self.updated_at = now
        if variant.price != old.price:
            self.events.append(
                ProductPriceChanged(
                    product_id=self.id,
                    variant_id=variant.id,
                    sku=variant.sku,
                    old_price=old.price,
                    new_price=variant.price,
                )
            )
        if variant.available != old.available:
            self.events.append(
                VariantAvailabilityChanged(
                    product_id=self.id, variant_id=variant.id, sku=variant.sku, available=variant.available
                )
            )
        return old

    def remove_variant(self, variant_id: UUID, now: datetime) -> Variant:
        old = self.variant(variant_id)
        if self.status == "published" and len(self.variants) == 1:
            raise Conflict(
                "a published product keeps at least one variant",
                errors=[FieldError("variant_id", "is the last variant")],
            )
        self.variants = [v for v in self.variants if v.id != variant_id]
        self.updated_at = now
        self.events.append(VariantRemoved(product_id=self.id, variant_id=old.id, sku=old.sku))
        return old

    def set_availability(self, variant_id: UUID, available: bool, now: datetime) -> Variant:
        return self.replace_variant(replace(self.variant(variant_id), available=available), now)

    def details(self, brand: Brand | None, trail: list[Category]) -> ProductDetails:
        """The product as replies and events show it; ``trail``: its category and ancestors, root first."""
        breadcrumbs = [c.ref() for c in trail]
        return ProductDetails(
            id=self.id,
            slug=self.slug,
            name=self.name,
            description=self.description,
            status=self.status,
            brand=brand.ref() if brand is not None else None,
            category=breadcrumbs[-1] if breadcrumbs else None,
            breadcrumbs=breadcrumbs,
            images=list(self.images),
            attributes=dict(self.attributes),
            variants=[v.details() for v in self.variants],
            price_min=self.price_min,
            price_max=self.price_max,
            in_stock=self.in_stock,
            created_at=self.created_at,
            updated_at=self.updated_at,
            published_at=self.published_at,
            archived_at=self.archived_at,
        )

    def announce(self, details: ProductDetails, *, created: bool = False) -> None:
        """Record the full snapshot: ``ProductCreated`` before, or ``ProductUpdated`` after, the other events."""
        if created:
            self.events.insert(0, ProductCreated(product_id=self.id, product=details))
        else:
            self.events.append(ProductUpdated(product_id=self.id, product=details))


def draft(cmd: CreateProduct, now: datetime, found: Findings, prefix: str = "") -> Product:
    """A draft product from ``cmd``, its fields checked (errors under ``prefix``); its slug comes later."""
    variants: list[Variant] = []
    for i, spec in enumerate(cmd.variants):
        variant = new_variant(spec, found, f"{prefix}variants[{i}].")
        check_fits(variant, variants, found, f"{prefix}variants[{i}].")
        variants.append(variant)
    return Product(
        id=cmd.product_id,
        slug="",
        name=found.text(cmd.name, f"{prefix}name", longest=NAME_LENGTH),
        description=rich_text(cmd.description, found, f"{prefix}description"),
        brand_id=cmd.brand_id,
        category_id=cmd.category_id,
        images=images(cmd.images, found, f"{prefix}images"),
        attributes=attributes(cmd.attributes, found, f"{prefix}attributes"),
        variants=variants,
        created_at=now,
        updated_at=now,
    )
