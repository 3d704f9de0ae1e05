"""The catalogue's contract for variants: the SKUs a product is sold as, and their events."""

from __future__ import annotations

from uuid import UUID, uuid4

import msgspec

from core.messages import Event
from core.money import Money


class VariantDetails(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    sku: str
    price: Money
    options: dict[str, str]
    weight_grams: int | None
    available: bool


class NewVariant(msgspec.Struct, frozen=True, kw_only=True):
    variant_id: UUID = msgspec.field(default_factory=uuid4)
    sku: str
    price: Money
    options: dict[str, str] = {}
    weight_grams: int | None = None
    available: bool = True


class ProductPriceChanged(Event, frozen=True, kw_only=True, tag="catalog.ProductPriceChanged"):
    key_field = "product_id"
    product_id: UUID
    variant_id: UUID
    sku: str
    old_price: Money
    new_price: Money


class VariantAvailabilityChanged(Event, frozen=True, kw_only=True, tag="catalog.VariantAvailabilityChanged"):
    key_field = "product_id"
    product_id: UUID
    variant_id: UUID
    sku: str
    available: bool


class VariantRemoved(Event, frozen=True, kw_only=True, tag="catalog.VariantRemoved"):
    key_field = "product_id"
    product_id: UUID
    variant_id: UUID
    sku: str
