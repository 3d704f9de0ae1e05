"""What the cart handlers need: the cart store, the bus, a clock and the shop's settings.

The store runs its queries in the unit of work open when it is called. ``save`` is
the PostgreSQL guard of a cart: it writes only if the cart is still at the version it
was read at, so two changes racing from two processes cannot both win.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from core.bus import MessageBus
    from core.uow import UnitOfWorkFactory
    from domains.cart.model import Cart


class CartRepository(Protocol):
    async def get(self, cart_id: UUID) -> Cart | None: ...

    async def active_of(self, customer_id: UUID) -> Cart | None:
        """The customer's active cart (a customer has at most one)."""
        ...

    async def add(self, cart: Cart) -> bool:
        """Store a new cart; False when its id is taken or its customer already has an active cart."""
        ...

    async def save(self, *carts: Cart) -> None:
        """Write the carts and their lines, each only if still at the version it was read at
        (``Conflict`` otherwise); each saved cart's ``version`` moves on by one."""
        ...

    async def hold_until(self, cart_id: UUID, until: datetime | None) -> None:
        """Record until when the cart's stock is held (renewals do not change the cart's version)."""
        ...

    async def complete(self, cart_id: UUID, order_id: UUID, now: datetime) -> bool:
        """Active -> checked_out for ``order_id`` in one conditional UPDATE; False if not active."""
        ...


@dataclass(frozen=True)
class CartDeps:
    """The second argument of every cart handler."""

    uow: UnitOfWorkFactory
    bus: MessageBus
    carts: CartRepository
    clock: Callable[[], datetime]
    default_currency: str = "EUR"
    currencies: tuple[str, ...] = ("EUR",)
    max_line_quantity: int = 100
    coupons_per_order: int = 1
    # SKU -> until when (time.monotonic) the catalogue's "on sale" is taken as still true
    on_sale_until: dict[str, float] = field(default_factory=dict)
