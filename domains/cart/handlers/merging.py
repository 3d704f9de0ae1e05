"""A guest's cart joins the cart of the customer who signs in, stock holds included."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.cart.handlers.holds import committed, reserve, touch
from domains.cart.handlers.views import load, shown
from domains.cart.messages import CartView, MergeCart
from domains.cart.model import merge, take_over
from domains.inventory.messages import MoveReservations

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.cart.ports import CartDeps


async def merge_cart(cmd: MergeCart, deps: CartDeps) -> CartView:
    guest = await load(deps, cmd.cart_id, cmd.customer_id)
    if guest.customer_id == cmd.customer_id and guest.status == "active":
        await touch(deps, guest)  # already theirs: merging it again changes nothing
        return await shown(deps, guest)
    mine = await deps.carts.active_of(cmd.customer_id)
    if mine is None:
        take_over(guest, cmd.customer_id)
        await committed(deps, guest)
        return await shown(deps, guest)
    capped = merge(guest, mine, deps.max_line_quantity, deps.coupons_per_order)
    await deps.bus.send(MoveReservations(from_cart_id=guest.id, to_cart_id=mine.id))
    for line in capped:
        await reserve(deps, mine, line.sku, line.quantity)
    await committed(deps, mine, guest)
    return await shown(deps, mine)


HANDLERS: dict[type[Message], Handler] = {MergeCart: merge_cart}
