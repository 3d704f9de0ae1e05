"""A cart priced: ``pricing.QuoteCart`` for its lines and codes, and its chosen shipping method.

The shipping price depends on the parcel (weight, subtotal), which the quote tells, and
the quote's totals depend on the shipping price: a cart with a paid method is quoted
twice. A line pricing no longer sells (unknown or unpublished SKU) is left out of the
quote and shown as not on sale, so the shopper can still see and fix the cart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.errors import FieldError, Invalid, NotFound
from domains.pricing.messages import Quote, QuoteCart, QuoteItem, ShippingAddress
from domains.shipping.messages import GetShippingOption, ShippingOption

if TYPE_CHECKING:
    from uuid import UUID

    from domains.cart.model import Cart, Line
    from domains.cart.ports import CartDeps

ITEM_SKU = re.compile(r"^items\[(\d+)\]\.sku$")


@dataclass(frozen=True)
class Priced:
    quote: Quote | None  # None when no line can be quoted (an empty cart)
    option: ShippingOption | None = None  # the chosen method, priced, when it still serves the address
    unsold: set[str] = field(default_factory=set)  # SKUs of lines pricing no longer sells

    @property
    def weight_grams(self) -> int:
        lines = self.quote.lines if self.quote else []
        return sum((line.weight_grams or 0) * line.quantity for line in lines)

    @property
    def subtotal(self) -> int:
        return self.quote.totals.subtotal.amount if self.quote else 0


def _query(cart: Cart, lines: list[Line], codes: list[str], shipping: int) -> QuoteCart:
    address = cart.shipping_address
    return QuoteCart(
        items=[QuoteItem(sku=line.sku, quantity=line.quantity) for line in lines],
        currency=cart.currency,
        coupon_codes=codes,
        shipping_address=ShippingAddress(
            country=address.country, region=address.region, postal_code=address.postal_code
        )
        if address
        else None,
        shipping=shipping,
        customer_id=cart.customer_id,
        email=cart.email,
        cart_id=cart.id,
    )


def _unsold_positions(error: Invalid) -> set[int]:
    """The items a quote refused for their SKU, when that is all it refused."""
    found = [ITEM_SKU.match(e.field) for e in error.errors]
    return {int(match.group(1)) for match in found if match} if all(found) else set()


async def _quote(
    deps: CartDeps, cart: Cart, codes: list[str], shipping: int
) -> tuple[Quote | None, set[str]]:
    lines, unsold = list(cart.lines), set[str]()
    while lines:
        try:
            return await deps.bus.ask(_query(cart, lines, codes, shipping)), unsold
        except Invalid as error:
            refused = _unsold_positions(error)
            if not refused:
                raise
            unsold |= {lines[i].sku for i in refused if i < len(lines)}
            lines = [line for i, line in enumerate(lines) if i not in refused]
    return None, unsold


async def parcel(deps: CartDeps, cart: Cart, codes: list[str] | None = None) -> Priced:
    """The cart quoted without shipping: what the carriers price (its weight and subtotal)."""
    quote, unsold = await _quote(deps, cart, cart.coupon_codes if codes is None else codes, 0)
    return Priced(quote=quote, unsold=unsold)


async def priced(deps: CartDeps, cart: Cart, codes: list[str] | None = None) -> Priced:
    """The cart's quote (with ``codes`` instead of its own when given) and its chosen method."""
    codes = cart.coupon_codes if codes is None else codes
    bare = await parcel(deps, cart, codes)
    if cart.shipping_method_id is None:
        return bare
    return await shipped(deps, cart, bare, await serving(deps, cart, cart.shipping_method_id, bare), codes)


async def shipped(
    deps: CartDeps, cart: Cart, bare: Priced, option: ShippingOption | None, codes: list[str] | None = None
) -> Priced:
    """The cart quoted with ``option`` (the method priced for ``bare``, its parcel): quoted again
    only when the method costs something, as the shipping price can change the totals."""
    if option is None:
        return bare
    quote, unsold = bare.quote, bare.unsold
    if quote is not None and option.price.amount:
        codes = cart.coupon_codes if codes is None else codes
        quote, unsold = await _quote(deps, cart, codes, option.price.amount)
    return Priced(quote=quote, option=option, unsold=unsold)


async def serving(deps: CartDeps, cart: Cart, method_id: UUID, bare: Priced) -> ShippingOption | None:
    """The method priced for the cart's parcel, or None when it does not serve the address."""
    try:
        return await shipping_option(deps, cart, method_id, bare)
    except (Invalid, NotFound):
        return None


async def shipping_option(deps: CartDeps, cart: Cart, method_id: UUID, bare: Priced) -> ShippingOption:
    """The method priced for the cart's parcel; Invalid naming ``method_id`` when it is unknown,
    does not serve the address or is priced in another currency than the cart's."""
    address = cart.shipping_address
    if address is None:
        raise no_address()
    try:
        option = await deps.bus.ask(
            GetShippingOption(
                method_id=method_id,
                country=address.country,
                postal_code=address.postal_code,
                weight_grams=bare.weight_grams,
                subtotal=bare.subtotal,
            )
        )
    except NotFound:
        raise Invalid(
            "no such shipping method", errors=[FieldError("method_id", "no such shipping method")]
        ) from None
    if option.price.currency != cart.currency:
        why = f"priced in {option.price.currency}, the cart is in {cart.currency}"
        raise Invalid(f"the method is {why}", errors=[FieldError("method_id", why)])
    return option


def no_address() -> Invalid:
    return Invalid(
        "the cart has no shipping address yet",
        errors=[FieldError("shipping_address", "set the shipping address first")],
    )
