"""Where a cart goes and how: its address, the methods serving it, the one chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.cart.handlers.holds import committed, touch
from domains.cart.handlers.quoting import no_address, parcel, serving, shipping_option
from domains.cart.handlers.views import load, shown
from domains.cart.messages import CartView, ChooseShippingMethod, ListShippingRates, SetShippingAddress
from domains.cart.model import checked_address
from domains.shipping.messages import QuoteShipping, ShippingOption

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.cart.ports import CartDeps


async def set_shipping_address(cmd: SetShippingAddress, deps: CartDeps) -> CartView:
    address = checked_address(cmd.address)
    cart = await load(deps, cmd.cart_id, cmd.customer_id)
    cart.require_active()
    cart.shipping_address = address
    method = cart.shipping_method_id
    if method is not None and await serving(deps, cart, method, await parcel(deps, cart)) is None:
        cart.shipping_method_id = None  # the chosen method does not go there
    await committed(deps, cart)
    return await shown(deps, cart)


async def list_shipping_rates(query: ListShippingRates, deps: CartDeps) -> list[ShippingOption]:
    cart = await load(deps, query.cart_id, query.customer_id)
    address = cart.shipping_address
    if address is None:
        raise no_address()
    await touch(deps, cart)
    goods = await parcel(deps, cart)
    return await deps.bus.ask(
        QuoteShipping(
            country=address.country,
            postal_code=address.postal_code,
            weight_grams=goods.weight_grams,
            subtotal=goods.subtotal,
        )
    )


async def choose_shipping_method(cmd: ChooseShippingMethod, deps: CartDeps) -> CartView:
    cart = await load(deps, cmd.cart_id, cmd.customer_id)
    cart.require_active()
    if cart.shipping_address is None:
        raise no_address()
    await shipping_option(deps, cart, cmd.method_id, await parcel(deps, cart))
    cart.shipping_method_id = cmd.method_id
    await committed(deps, cart)
    return await shown(deps, cart)


HANDLERS: dict[type[Message], Handler] = {
    SetShippingAddress: set_shipping_address,
    ListShippingRates: list_shipping_rates,
    ChooseShippingMethod: choose_shipping_method,
}
