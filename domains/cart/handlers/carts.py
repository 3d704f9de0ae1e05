"""Carts: creating one, showing it, handing it to the checkout, completing it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from core.errors import Conflict, FieldError, Invalid, NotFound
from domains.cart.handlers.holds import touch
from domains.cart.handlers.views import load, shown
from domains.cart.messages import (
    CartView,
    CheckoutCart,
    CompleteCart,
    CreateCart,
    GetCart,
    GetCheckoutCart,
)
from domains.cart.model import Cart
from domains.inventory.messages import ItemQuantity

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.cart.ports import CartDeps

EMAIL = re.compile(r"^[^@\s\x00-\x1f]{1,64}@[^@\s.\x00-\x1f]+(\.[^@\s.\x00-\x1f]+)+$")
MAX_EMAIL = 254


def _checked(cmd: CreateCart, deps: CartDeps) -> tuple[str, str | None]:
    problems: list[FieldError] = []
    currency = (cmd.currency or deps.default_currency).strip().upper()
    if currency not in deps.currencies:
        problems.append(FieldError("currency", f"the shop sells in {', '.join(deps.currencies)}"))
    email = (cmd.email or "").strip() or None
    if email is not None and (len(email) > MAX_EMAIL or not EMAIL.match(email)):
        problems.append(FieldError("email", "must be an email address such as ann@example.com"))
    if problems:
        raise Invalid("the cart cannot be made", errors=problems)
    return currency, email


async def create_cart(cmd: CreateCart, deps: CartDeps) -> CartView:
    currency, email = _checked(cmd, deps)
    if cmd.customer_id is not None and (mine := await deps.carts.active_of(cmd.customer_id)):
        await touch(deps, mine)
        return await shown(deps, mine)
    now = deps.clock()
    cart = Cart(
        id=cmd.cart_id,
        customer_id=cmd.customer_id,
        email=email,
        currency=currency,
        status="active",
        created_at=now,
        updated_at=now,
    )
    added = await deps.carts.add(cart)  # a new cart is one INSERT: its own transaction
    if not added:  # the command came twice, or the customer's cart was made meanwhile
        existing = await deps.carts.get(cmd.cart_id)
        if cmd.customer_id is not None and (existing is None or existing.customer_id != cmd.customer_id):
            existing = await deps.carts.active_of(cmd.customer_id)
        if existing is None or existing.customer_id != cmd.customer_id:
            raise Conflict("the cart could not be made; try again")
        return await shown(deps, existing)
    return await shown(deps, cart)


async def get_cart(query: GetCart, deps: CartDeps) -> CartView:
    cart = await load(deps, query.cart_id, query.customer_id)
    await touch(deps, cart)
    return await shown(deps, cart)


async def get_checkout_cart(query: GetCheckoutCart, deps: CartDeps) -> CheckoutCart:
    cart = await load(deps, query.cart_id, query.customer_id)
    return CheckoutCart(
        id=cart.id,
        customer_id=cart.customer_id,
        email=cart.email,
        currency=cart.currency,
        status=cart.status,
        items=[ItemQuantity(sku=line.sku, quantity=line.quantity) for line in cart.lines],
        coupon_codes=list(cart.coupon_codes),
        shipping_address=cart.shipping_address,
        shipping_method_id=cart.shipping_method_id,
    )


async def complete_cart(cmd: CompleteCart, deps: CartDeps) -> CartView | None:
    cart = await deps.carts.get(cmd.cart_id)
    if cart is None:
        raise NotFound(f"cart {cmd.cart_id} not found")
    if cart.status == "checked_out" and cart.order_id == cmd.order_id:
        return await shown(deps, cart) if cmd.shown else None  # the same checkout asking again
    cart.complete(cmd.order_id)
    cart.updated_at = deps.clock()
    async with deps.uow() as uow:
        if not await deps.carts.complete(cart.id, cmd.order_id, cart.updated_at):
            raise Conflict("the cart was checked out or merged meanwhile")
        uow.collect(cart)
        await uow.commit()
    return await shown(deps, cart) if cmd.shown else None


HANDLERS: dict[type[Message], Handler] = {
    CreateCart: create_cart,
    GetCart: get_cart,
    GetCheckoutCart: get_checkout_cart,
    CompleteCart: complete_cart,
}
