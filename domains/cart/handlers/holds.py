"""The cart's stock holds (inventory's reservations) and writing a changed cart.

A line's new quantity is held first (``ReserveStock``: not enough stock is a 409
and nothing is written); the cart is written after. Should the write fail, the
holds go back to what they were. Any activity on an active cart renews its holds.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from core.errors import DomainError, Unavailable
from domains.inventory.messages import RenewReservations, ReserveStock

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from domains.cart.model import Cart
    from domains.cart.ports import CartDeps
    from domains.inventory.messages import Reservation


async def reserve(deps: CartDeps, cart: Cart, sku: str, quantity: int) -> Reservation | None:
    """Hold exactly ``quantity`` of ``sku`` for the cart (0 releases the hold)."""
    return await deps.bus.send(ReserveStock(cart_id=cart.id, sku=sku, quantity=quantity))


async def _renewal(deps: CartDeps, cart: Cart) -> datetime | None:
    """The holds' new common expiry; the last one known when inventory does not answer."""
    if cart.status != "active" or not cart.lines:
        return None
    try:
        return await deps.bus.send(RenewReservations(cart_id=cart.id))
    except Unavailable:
        return cart.reserved_until


async def touch(deps: CartDeps, cart: Cart) -> None:
    """Renew the active cart's holds and record until when they last."""
    if cart.status != "active":
        return
    until = await _renewal(deps, cart)
    if until != cart.reserved_until:
        cart.reserved_until = until
        async with deps.uow() as uow:
            await deps.carts.hold_until(cart.id, until)
            await uow.commit()


async def committed(
    deps: CartDeps, *carts: Cart, held: Mapping[str, int] | None = None, until: datetime | None = None
) -> None:
    """Write the changed carts (renewing the holds of the first, unless ``until`` already tells
    their common expiry); on failure the holds of ``held`` (SKU -> quantity held before the
    change) are put back."""
    now = deps.clock()
    carts[0].reserved_until = until or await _renewal(deps, carts[0])
    for cart in carts:
        cart.updated_at = now
    try:
        if len(carts) == 1 and not carts[0].events:
            await deps.carts.save(*carts)  # one statement, its own transaction, nothing to announce
        else:
            async with deps.uow() as uow:
                await deps.carts.save(*carts)
                uow.collect(*carts)
                await uow.commit()
    except Exception:
        for sku, quantity in (held or {}).items():
            with contextlib.suppress(DomainError):
                await reserve(deps, carts[0], sku, quantity)
        raise
