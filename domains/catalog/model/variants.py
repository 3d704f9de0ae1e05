"""Variants: the SKUs a product is sold as, each with its price, options and stock flag. No I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from msgspec import UNSET

from domains.catalog.messages import Money, VariantDetails

if TYPE_CHECKING:
    from uuid import UUID

    from core.validation import Findings
    from domains.catalog.messages import NewVariant, UpdateVariant

SKU = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,63}$")
MAX_OPTIONS, OPTION_NAME_LENGTH, OPTION_VALUE_LENGTH = 10, 40, 100
MAX_WEIGHT_GRAMS = 10_000_000


@dataclass(frozen=True)
class Variant:
    id: UUID
    sku: str
    price: Money
    options: dict[str, str] = field(default_factory=dict)
    weight_grams: int | None = None
    available: bool = True

    def details(self) -> VariantDetails:
        return VariantDetails(
            id=self.id,
            sku=self.sku,
            price=self.price,
            options=dict(self.options),
            weight_grams=self.weight_grams,
            available=self.available,
        )


def normal_sku(value: str) -> str:
    """How the catalogue stores a SKU: trimmed and upper-cased, so lookups ignore case."""
    return value.strip().upper()


def sku(value: str, found: Findings, field: str = "sku") -> str:
    value = normal_sku(value)
    if not SKU.match(value):
        found.add(field, "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
    return value


def options(values: dict[str, str], found: Findings, field: str = "options") -> dict[str, str]:
    if len(values) > MAX_OPTIONS:
        found.add(field, f"at most {MAX_OPTIONS} options")
    cleaned: dict[str, str] = {}
    for name, value in values.items():
        key = found.text(name, f"{field}.{name}", longest=OPTION_NAME_LENGTH).lower()
        cleaned[key] = found.text(value, f"{field}.{name}", longest=OPTION_VALUE_LENGTH)
    return cleaned


def weight(value: int | None, found: Findings, field: str = "weight_grams") -> int | None:
    if value is not None and not 0 <= value <= MAX_WEIGHT_GRAMS:
        found.add(field, f"must be between 0 and {MAX_WEIGHT_GRAMS} grams")
    return value


def priced_in(variant: Variant, currency: str, found: Findings, field: str = "price") -> None:
    """The catalogue's prices are base prices, all in the shop's default ``currency``."""
    if variant.price.currency != currency:
        found.add(f"{field}.currency", f"must be {currency}, the shop's default currency")


def new_variant(spec: NewVariant, found: Findings, prefix: str = "") -> Variant:
    """A variant from its specification, its fields checked (errors named ``prefix + field``)."""
    return Variant(
        id=spec.variant_id,
        sku=sku(spec.sku, found, f"{prefix}sku"),
        price=found.money(spec.price, f"{prefix}price"),
        options=options(spec.options, found, f"{prefix}options"),
        weight_grams=weight(spec.weight_grams, found, f"{prefix}weight_grams"),
        available=spec.available,
    )


def revised(old: Variant, cmd: UpdateVariant, found: Findings) -> Variant:
    """``old`` with the fields ``cmd`` sets, checked."""
    return Variant(
        id=old.id,
        sku=sku(cmd.sku, found) if cmd.sku is not UNSET else old.sku,
        price=found.money(cmd.price, "price") if cmd.price is not UNSET else old.price,
        options=options(cmd.options, found) if cmd.options is not UNSET else old.options,
        weight_grams=weight(cmd.weight_grams, found) if cmd.weight_grams is not UNSET else old.weight_grams,
        available=cmd.available if cmd.available is not UNSET else old.available,
    )


def check_fits(variant: Variant, others: list[Variant], found: Findings, prefix: str = "") -> None:
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
