"""Products and their variants: the catalogue's aggregate and its rules. No I/O.

Stock: the catalogue does not own stock. Each variant carries an ``available``
flag that staff set (``UpdateVariant``). When the inventory domain exists, a
subscriber to its stock events (``when_stock_changed_set_availability``) will
set it through ``Product.set_availability`` instead. A product is ``in_stock``
when any variant is available.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from core.errors import Conflict, FieldError, NotFound
from domains.catalog import rules
from domains.catalog.messages import AttributeValue, Money, NewVariant, Status

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

TRANSITIONS: dict[Status, frozenset[Status]] = {
    "draft": frozenset({"published"}),
    "published": frozenset({"archived"}),
    "archived": frozenset({"published"}),
}


@dataclass(frozen=True)
class Variant:
    id: UUID
    sku: str
    price: Money
    options: dict[str, str] = field(default_factory=dict)
    weight_grams: int | None = None
    available: bool = True


def new_variant(spec: NewVariant, found: rules.Findings, prefix: str = "") -> Variant:
    """A variant from its specification, its fields checked (errors named ``prefix + field``)."""
    return Variant(
        id=spec.variant_id,
        sku=rules.sku(spec.sku, found, f"{prefix}sku"),
        price=rules.money(spec.price, found, f"{prefix}price"),
        options=rules.options(spec.options, found, f"{prefix}options"),
        weight_grams=rules.weight(spec.weight_grams, found, f"{prefix}weight_grams"),
        available=spec.available,
    )


def check_fits(variant: Variant, others: list[Variant], found: rules.Findings, prefix: str = "") -> None:
    """A product's variants share one currency and one set of option names, with distinct values."""
    if not others:
        return
    first = others[0]
    if variant.price.currency != first.price.currency:
        found.add(
            f"{prefix}price.currency", f"every variant of a product is priced in {first.price.currency}"
        )
    if set(variant.options) != set(first.options):
        names = ", ".join(sorted(first.options)) or "none"
        found.add(f"{prefix}options", f"every variant of this product has the options: {names}")
    elif any(other.options == variant.options for other in others):
        found.add(f"{prefix}options", "another variant already has these option values")


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

    def publish(self, now: datetime) -> None:
        if not self.variants:
            raise Conflict(
                "a product needs a variant before it can be published",
                errors=[FieldError("variants", "add at least one variant")],
            )
        self._move_to("published", now)
        self.published_at, self.archived_at = now, None

    def archive(self, now: datetime) -> None:
        self._move_to("archived", now)
        self.archived_at = now

    def removal(self) -> Literal["deleted", "archived"]:
        """A product shoppers never saw can go; one they may have ordered is kept, archived."""
        return "deleted" if self.published_at is None else "archived"

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
        found = rules.Findings()
        check_fits(variant, self.variants, found)
        found.raise_any("the variant does not fit this product")
        self.variants.append(variant)
        self.updated_at = now

    def replace_variant(self, variant: Variant, now: datetime) -> Variant:
        """Put ``variant`` in place of the one with its id; return the one replaced."""
        old = self.variant(variant.id)
        others = [v for v in self.variants if v.id != variant.id]
        found = rules.Findings()
        check_fits(variant, others, found)
        found.raise_any("the variant does not fit this product")
        self.variants = [variant if v.id == variant.id else v for v in self.variants]
        self.updated_at = now
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
        return old

    def set_availability(self, variant_id: UUID, available: bool, now: datetime) -> Variant:
        return self.replace_variant(replace(self.variant(variant_id), available=available), now)
