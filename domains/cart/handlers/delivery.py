"""Where a cart goes and how: its address, the methods serving it, the one chosen.

Each change prices the cart once for its parcel and once more with a paid method, and
shows that pricing: the cart is not quoted again to be shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.cart.handlers.holds import committed, touch
from domains.cart.handlers.quoting import no_address, parcel, serving, shipped, shipping_option
from domains.cart.handlers.views import cart_view, load
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
    bare = await parcel(deps, cart)
    option = None
    if cart.shipping_method_id is not None:
        option = await serving(deps, cart, cart.shipping_method_id, bare)
        if option is None:
            cart.shipping_method_id = None  # the chosen method does not go there
    prices = await shipped(deps, cart, bare, option)
    await committed(deps, cart)
    return cart_view(cart, prices)


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
    bare = await parcel(deps, cart)
    option = await shipping_option(deps, cart, cmd.method_id, bare)
    cart.shipping_method_id = cmd.method_id
    prices = await shipped(deps, cart, bare, option)
    await committed(deps, cart)
    return cart_view(cart, prices)


HANDLERS: dict[type[Message], Handler] = {
    SetShippingAddress: set_shipping_address,
    ListShippingRates: list_shipping_rates,
    ChooseShippingMethod: choose_shipping_method,
}
