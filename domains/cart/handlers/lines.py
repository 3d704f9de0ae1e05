"""Changing a cart's lines: each change holds the line's new quantity of stock first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import FieldError, Invalid
from domains.cart.handlers.holds import committed, reserve
from domains.cart.handlers.views import load, shown
from domains.cart.messages import AddCartItem, CartView, RemoveCartItem, UpdateCartItem
from domains.cart.model import added_quantity, quantity_checked, sku_checked
from domains.pricing.messages import QuoteCart, QuoteItem

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.cart.model import Cart
    from domains.cart.ports import CartDeps


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


async def _changed(deps: CartDeps, cart: Cart, sku: str, quantity: int) -> CartView:
    """Hold ``quantity`` of ``sku`` (409 leaves the cart as it was), then write the line."""
    line = cart.line_of(sku)
    before = line.quantity if line else 0
    await reserve(deps, cart, sku, quantity)
    cart.set_quantity(sku, quantity)
    await committed(deps, cart, held={sku: before})
    return await shown(deps, cart)


async def add_cart_item(cmd: AddCartItem, deps: CartDeps) -> CartView:
    sku = sku_checked(cmd.sku)
    quantity_checked(cmd.quantity, deps.max_line_quantity)
    cart = await load(deps, cmd.cart_id, cmd.customer_id)
    cart.require_active()
    sku = await sold(deps, cart, sku)
    total = added_quantity(cart, sku, cmd.quantity, deps.max_line_quantity)
    return await _changed(deps, cart, sku, total)


async def update_cart_item(cmd: UpdateCartItem, deps: CartDeps) -> CartView:
    quantity_checked(cmd.quantity, deps.max_line_quantity)
    cart = await load(deps, cmd.cart_id, cmd.customer_id)
    line = cart.item(cmd.item_id)
    cart.require_active()
    if cmd.quantity > line.quantity:  # more of a SKU no longer sold is refused, less is fine
        await sold(deps, cart, line.sku)
    return await _changed(deps, cart, line.sku, cmd.quantity)


async def remove_cart_item(cmd: RemoveCartItem, deps: CartDeps) -> CartView:
    cart = await load(deps, cmd.cart_id, cmd.customer_id)
    line = cart.item(cmd.item_id)
    cart.require_active()
    return await _changed(deps, cart, line.sku, 0)


HANDLERS: dict[type[Message], Handler] = {
    AddCartItem: add_cart_item,
    UpdateCartItem: update_cart_item,
    RemoveCartItem: remove_cart_item,
}
