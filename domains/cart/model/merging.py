"""Merging a guest's cart into the cart of the customer who signs in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from core.errors import Conflict
from domains.cart.model.carts import MAX_LINES

if TYPE_CHECKING:
    from domains.cart.model.carts import Cart


@dataclass(frozen=True)
class Capped:
    """A line whose stock hold must shrink to ``quantity``: the added quantities passed the line
    maximum, or (0) the customer's cart had no room left for another SKU."""

    sku: str
    quantity: int


def merge(guest: Cart, into: Cart, most: int, coupons: int) -> list[Capped]:
    """Move the guest's lines, codes and choices into ``into``; the guest cart ends "merged".

    Quantities of a SKU in both add up, at most ``most``; a new SKU past ``MAX_LINES`` different
    ones is left out (its hold released); the customer's codes come first
    (at most ``coupons``); the customer's address and method win, the guest's fill a gap.
    """
    guest.require_active()
    into.require_active()
    if guest.customer_id is not None:
        raise Conflict("only a guest cart can be merged into a customer's cart")
    capped: list[Capped] = []
    for line in guest.lines:
        held = into.line_of(line.sku)
        if held is None and len(into.lines) >= MAX_LINES:
            capped.append(Capped(sku=line.sku, quantity=0))
            continue
        total = line.quantity + (held.quantity if held else 0)
        into.set_quantity(line.sku, min(total, most))
        if total > most:
            capped.append(Capped(sku=line.sku, quantity=most))
    into.coupon_codes = list(dict.fromkeys([*into.coupon_codes, *guest.coupon_codes]))[:coupons]
    if into.shipping_address is None:
        into.shipping_address = guest.shipping_address
        into.shipping_method_id = guest.shipping_method_id
    into.email = into.email or guest.email
    guest.status, guest.reserved_until = "merged", None
    return capped


def take_over(guest: Cart, customer_id: UUID) -> None:
    """The guest cart becomes the customer's own, as it is."""
    guest.require_active()
    if guest.customer_id is not None:
        raise Conflict("only a guest cart can be merged into a customer's cart")
    guest.customer_id = customer_id
