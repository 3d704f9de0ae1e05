"""What the orders handlers need: the order store, the checkout saga's store, the returns and refunds
stores, the bus, a clock, and the shop's settings for payment capture and returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from core.bus import MessageBus
    from core.paging import Page
    from core.uow import UnitOfWorkFactory
    from domains.orders.messages import OrderStatus, ReturnStatus
    from domains.orders.model import CheckoutPlan, CheckoutRun, Order, Return, State, Step

Capture = Literal["order", "shipment"]


class OrderRepository(Protocol):
    async def next_number(self) -> int:
        """The shop's next order number (a PostgreSQL sequence: readable, increasing)."""
        ...

    async def add(self, order: Order) -> None: ...

    async def get(self, order_id: UUID, *, lock: bool = False) -> Order | None: ...

    async def save(self, order: Order) -> None:
        """Write the order's changes; Conflict when another change came first (its version moved)."""
        ...

    async def page(
        self, *, customer_id: UUID | None, status: OrderStatus | None, limit: int, cursor: str | None
    ) -> Page[Order]:
        """Newest first, of one customer and/or one status when given."""
        ...

    async def cancellations_left(self, before: datetime, limit: int) -> list[UUID]:
        """Cancelled orders whose undoing was left half done, untouched since ``before``."""
        ...


class CheckoutStore(Protocol):
    """The checkout saga's rows. Every change but ``start`` is made only by the lease's owner."""

    async def start(self, run: CheckoutRun) -> bool:
        """False when the cart already has a checkout running or done."""
        ...

    async def advance(
        self, order_id: UUID, owner: UUID, step: Step, lease_until: datetime, plan: CheckoutPlan | None = None
    ) -> bool: ...

    async def settle(
        self,
        order_id: UUID,
        owner: UUID,
        *,
        state: State,
        lease_until: datetime,
        step: Step | None = None,
        error: str | None = None,
    ) -> bool: ...

    async def get(self, order_id: UUID) -> CheckoutRun | None: ...

    async def claim_stale(
        self, now: datetime, owner: UUID, lease_until: datetime, limit: int
    ) -> list[CheckoutRun]:
        """Take over the unfinished checkouts whose lease ran out before ``now``."""
        ...


class ReturnRepository(Protocol):
    async def add(self, found: Return) -> None: ...

    async def get(self, return_id: UUID, *, lock: bool = False) -> Return | None: ...

    async def save(self, found: Return) -> None:
        """Write the return's changes; Conflict when another change came first (its version moved)."""
        ...

    async def of_order(self, order_id: UUID) -> list[Return]:
        """The order's returns, oldest first."""
        ...

    async def page(self, *, status: ReturnStatus | None, limit: int, cursor: str | None) -> Page[Return]:
        """Newest first, of one status when given."""
        ...

    async def unfinished(self, before: datetime, limit: int) -> list[UUID]:
        """Received returns whose restock or refund was left half done, untouched since ``before``."""
        ...


class RefundLedger(Protocol):
    async def record(
        self,
        order: Order,
        *,
        amount: int,
        actor: str,
        reason: str | None,
        return_id: UUID | None,
        at: datetime,
    ) -> None:
        """One refund of the order, taking its refunded total to ``order.refunded``."""
        ...


@dataclass(frozen=True)
class OrdersDeps:
    uow: UnitOfWorkFactory
    bus: MessageBus
    orders: OrderRepository
    checkouts: CheckoutStore
    returns: ReturnRepository
    refunds: RefundLedger
    clock: Callable[[], datetime]
    payment_providers: tuple[str, ...] = ("sandbox",)
    capture: Capture = "order"  # when the payment is captured: at checkout, or when the order ships
    return_window_days: int = 30
    lease_seconds: float = 60.0  # well past the bus timeout: a live checkout never loses its lease
    recovery_seconds: float = 5.0
