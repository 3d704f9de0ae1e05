"""Changing a cart's lines: each change holds the line's new quantity of stock first.

A shopper refused for want of stock (a flash sale's many) costs the cart's read and the
hold's 409, no quote: the cart is quoted once its stock is held, once per change, and the
catalogue's "on sale" is asked before holding (its yes remembered for a few seconds).
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING

from core.errors import DomainError, FieldError, Invalid
from domains.cart.handlers.holds import committed, reserve
from domains.cart.handlers.quoting import priced
from domains.cart.handlers.views import cart_view, load
from domains.cart.messages import AddCartItem, CartView, RemoveCartItem, UpdateCartItem
from domains.cart.model import added_quantity, quantity_checked, sku_checked
from domains.catalog.messages import GetVariantsBySku
from domains.pricing.messages import QuoteCart, QuoteItem

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.cart.model import Cart
    from domains.cart.ports import CartDeps


ON_SALE_SECONDS = 10.0
MAX_REMEMBERED = 10_000


async def sold(deps: CartDeps, cart: Cart, sku: str) -> str:
    """The SKU as the catalogue keeps it, once a quote of one unit shows the shop sells it;
    the quote's refusal of the item is Invalid naming ``sku``."""
    try:
        quote = await deps.bus.ask(
            QuoteCart(
                items=[QuoteItem(sku=sku, quantity=1)],
                currency=cart.currency,
                customer_id=cart.customer_id,
                cart_id=cart.id,
            )
        )
    except Invalid as error:
        errors = [FieldError("sku", e.message) if e.field.startswith("items") else e for e in error.errors]
        raise Invalid(error.detail, errors=errors) from None
    return quote.lines[0].sku if quote.lines else sku


async def on_sale(deps: CartDeps, cart: Cart, sku: str) -> None:
    """The catalogue knows ``sku`` and sells it, else the quote's own refusal (Invalid naming
    ``sku``). One read, where a quote is several, asked before holding any stock; a yes is taken
    as still true for ``ON_SALE_SECONDS`` (the quote after the hold checks again, so a SKU taken
    off sale meanwhile is refused all the same, its hold given back; a sold-out one is a 409)."""
    now, remembered = time.monotonic(), deps.on_sale_until
    if remembered.get(sku, 0.0) > now:
        return
    found = await deps.bus.ask(GetVariantsBySku(skus=[sku]))
    if not any(v.sku.upper() == sku and v.status == "published" for v in found):
        await sold(deps, cart, sku)
        raise Invalid(f"{sku} is not on sale", errors=[FieldError("sku", f"{sku} is not on sale")])
    if len(remembered) >= MAX_REMEMBERED:
        remembered.clear()
    remembered[sku] = now + ON_SALE_SECONDS


async def _changed(deps: CartDeps, cart: Cart, sku: str, quantity: int, *, more: bool) -> CartView:
    """Hold ``quantity`` of ``sku`` (409 leaves the cart as it was), quote the changed cart once,
    then write it. ``more``: the line grows, so a SKU the quote no longer sells is refused
    (Invalid naming ``sku``) and its hold given back."""
    line = cart.line_of(sku)
    before = line.quantity if line else 0
    held = await reserve(deps, cart, sku, quantity)
    cart.set_quantity(sku, quantity)
    try:
        prices = await priced(deps, cart)
        if more and sku in prices.unsold:
            raise Invalid(f"{sku} is not on sale", errors=[FieldError("sku", f"{sku} is not on sale")])
    except Exception as error:
        with contextlib.suppress(DomainError):
            await reserve(deps, cart, sku, before)
        if more and isinstance(error, Invalid):
            await sold(deps, cart, sku)  # the quote's own words for refusing the SKU, naming ``sku``
        raise
    # The hold just made is the cart's only one: its expiry is the cart's, no renewal needed.
    alone = quantity > 0 and held is not None and all(line.sku == sku for line in cart.lines)
    await committed(deps, cart, held={sku: before}, until=held.expires_at if alone and held else None)
    return cart_view(cart, prices)


async def add_cart_item(cmd: AddCartItem, deps: CartDeps) -> CartView:
    sku = sku_checked(cmd.sku)
    quantity_checked(cmd.quantity, deps.max_line_quantity)
    cart = await load(deps, cmd.cart_id, cmd.customer_id)
    cart.require_active()
    await on_sale(deps, cart, sku)
    total = added_quantity(cart, sku, cmd.quantity, deps.max_line_quantity)
    return await _changed(deps, cart, sku, total, more=True)


async def update_cart_item(cmd: UpdateCartItem, deps: CartDeps) -> CartView:
    quantity_checked(cmd.quantity, deps.max_line_quantity)
    cart = await load(deps, cmd.cart_id, cmd.customer_id)
    line = cart.item(cmd.item_id)
    cart.require_active()
    more = cmd.quantity > line.quantity  # more of a SKU no longer sold is refused, less is fine
    if more:
        await on_sale(deps, cart, line.sku)
    return await _changed(deps, cart, line.sku, cmd.quantity, more=more)


async def remove_cart_item(cmd: RemoveCartItem, deps: CartDeps) -> CartView:
    cart = await load(deps, cmd.cart_id, cmd.customer_id)
    line = cart.item(cmd.item_id)
    cart.require_active()
    return await _changed(deps, cart, line.sku, 0, more=False)


HANDLERS: dict[type[Message], Handler] = {
    AddCartItem: add_cart_item,
    UpdateCartItem: update_cart_item,
    RemoveCartItem: remove_cart_item,
}
