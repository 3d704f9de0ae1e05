"""In-memory stand-ins for the orders ports (subclassing them), a unit of work that rolls them back, and
a clock to move past leases (or return windows)."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from core.money import Money
from core.paging import Page
from domains.orders.model import CheckoutPlan, CheckoutRun, Order, Return, State, Step
from domains.orders.ports import CheckoutStore, OrderRepository, OrdersDeps, RefundLedger, ReturnRepository
from tests.support.fakes import FakeUnitOfWork, Transactions

if TYPE_CHECKING:
    from tests.unit.orders.shop import Shop

EUR = "EUR"
START = datetime(2027, 1, 1, 12, 0, tzinfo=UTC)


def eur(amount: int) -> Money:
    return Money(amount=amount, currency=EUR)


def stored(aggregate: Any) -> Any:
    """A copy as a database keeps it: without the events the aggregate raised (those go to the outbox)."""
    found = copy.deepcopy(aggregate)
    found.events = []
    return found


class InMemoryOrders(OrderRepository):
    def __init__(self) -> None:
        self.rows: dict[UUID, Order] = {}
        self.numbers = iter(range(1001, 10**6))
        self.fail_add: BaseException | None = None

    async def next_number(self) -> int:
        return next(self.numbers)

    async def add(self, order: Order) -> None:
        if self.fail_add is not None:
            failure, self.fail_add = self.fail_add, None
            raise failure
        self.rows[order.id] = stored(order)

    async def get(self, order_id: UUID, *, lock: bool = False) -> Order | None:
        return copy.deepcopy(self.rows.get(order_id))

    async def save(self, order: Order) -> None:
        order.version += 1
        self.rows[order.id] = stored(order)

    async def page(self, *, customer_id: Any, status: Any, limit: int, cursor: str | None) -> Page[Order]:
        found = [
            o
            for o in self.rows.values()
            if (customer_id is None or o.plan.customer_id == customer_id)
            and (status is None or o.status == status)
        ]
        return Page(items=found[:limit])

    async def cancellations_left(self, before: datetime, limit: int) -> list[UUID]:
        return [o.id for o in self.rows.values() if o.cancel_pending and o.updated_at < before][:limit]


class InMemoryCheckouts(CheckoutStore):
    def __init__(self) -> None:
        self.rows: dict[UUID, CheckoutRun] = {}

    async def start(self, run: CheckoutRun) -> bool:
        if any(r.cart_id == run.cart_id and r.state != "failed" for r in self.rows.values()):
            return False
        self.rows[run.order_id] = replace(run)
        return True

    def _owned(self, order_id: UUID, owner: UUID) -> CheckoutRun | None:
        row = self.rows.get(order_id)
        return row if row is not None and row.lease_owner == owner else None

    async def advance(
        self, order_id: UUID, owner: UUID, step: Step, lease_until: datetime, plan: CheckoutPlan | None = None
    ) -> bool:
        row = self._owned(order_id, owner)
        if row is None or row.state != "running":
            return False
        row.step, row.lease_until, row.plan = step, lease_until, plan or row.plan
        return True

    async def settle(
        self,
        order_id: UUID,
        owner: UUID,
        *,
        state: State,
        lease_until: datetime,
        step: Step | None = None,
        error: str | None = None,
    ) -> bool:
        row = self._owned(order_id, owner)
        if row is None:
            return False
        row.state, row.lease_until = state, lease_until
        row.step, row.error = step or row.step, error or row.error
        return True

    async def get(self, order_id: UUID) -> CheckoutRun | None:
        row = self.rows.get(order_id)
        return replace(row) if row else None

    async def claim_stale(
        self, now: datetime, owner: UUID, lease_until: datetime, limit: int
    ) -> list[CheckoutRun]:
        stale = [
            r
            for r in self.rows.values()
            if r.lease_until < now
            and (r.state in ("running", "compensating") or (r.state, r.step) == ("done", "placed"))
        ][:limit]
        for row in stale:
            row.lease_owner, row.lease_until = owner, lease_until
        return [replace(row) for row in stale]


class InMemoryReturns(ReturnRepository):
    def __init__(self) -> None:
        self.rows: dict[UUID, Return] = {}

    async def add(self, found: Return) -> None:
        self.rows[found.id] = stored(found)

    async def get(self, return_id: UUID, *, lock: bool = False) -> Return | None:
        return copy.deepcopy(self.rows.get(return_id))

    async def save(self, found: Return) -> None:
        found.version += 1
        self.rows[found.id] = stored(found)

    async def of_order(self, order_id: UUID) -> list[Return]:
        return [copy.deepcopy(r) for r in self.rows.values() if r.order_id == order_id]

    async def page(self, *, status: Any, limit: int, cursor: str | None) -> Page[Return]:
        found = [r for r in self.rows.values() if status is None or r.status == status]
        return Page(items=found[::-1][:limit])

    async def unfinished(self, before: datetime, limit: int) -> list[UUID]:
        return [r.id for r in self.rows.values() if r.status == "received" and r.updated_at < before][:limit]


class InMemoryRefunds(RefundLedger):
    """The refunds ledger: (order id, amount, total refunded after it, return id) per refund."""

    def __init__(self) -> None:
        self.rows: dict[UUID, list[tuple[int, int, UUID | None]]] = {}

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
        totals = [total for _, total, _ in self.rows.get(order.id, [])]
        assert order.refunded not in totals, "each refund takes the total up once"
        self.rows.setdefault(order.id, []).append((amount, order.refunded, return_id))


class RollingBack(Transactions):
    """A unit of work over the in-memory stores: what an uncommitted unit changed is put back on exit."""

    def __init__(self, *stores: Any) -> None:
        super().__init__()
        self.stores = stores

    def __call__(self) -> FakeUnitOfWork:
        return _RollingBackUnit(self)


class _RollingBackUnit(FakeUnitOfWork):
    def __init__(self, owner: RollingBack) -> None:
        super().__init__(owner)
        self._stores = owner.stores
        self._saved: list[dict[UUID, Any]] | None = None
        self._done = False

    async def __aenter__(self) -> FakeUnitOfWork:
        await super().__aenter__()
        if self._outer is None:
            self._saved = [copy.deepcopy(store.rows) for store in self._stores]
        return self

    async def commit(self) -> None:
        await super().commit()
        self._done = self._outer is None

    async def __aexit__(self, *exc: object) -> None:
        if self._saved is not None and not self._done:
            for store, rows in zip(self._stores, self._saved, strict=True):
                store.rows = rows
        await super().__aexit__(*exc)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def deps(
    shop: Shop, clock: Clock | None = None, **settings: Any
) -> tuple[OrdersDeps, InMemoryOrders, InMemoryCheckouts, RollingBack]:
    orders, checkouts = InMemoryOrders(), InMemoryCheckouts()
    returns, refunds = InMemoryReturns(), InMemoryRefunds()
    transactions = RollingBack(orders, checkouts, returns, refunds)
    built = OrdersDeps(
        uow=transactions,
        bus=shop.bus,  # type: ignore[arg-type]
        orders=orders,
        checkouts=checkouts,
        returns=returns,
        refunds=refunds,
        clock=clock or Clock(),
        lease_seconds=60,
        **settings,
    )
    return built, orders, checkouts, transactions
