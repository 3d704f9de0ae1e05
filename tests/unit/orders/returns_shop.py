"""The shop as returns, refunds and capture meet it: payments that capture and refund (never more than
captured, with a ledger), inventory that knows the order's allocation and keeps a movements ledger;
and a delivered order to start from."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import msgspec

from core.errors import Conflict, FieldError
from core.paging import Page
from domains.inventory.messages import (
    AdjustStock,
    Allocation,
    AllocationLine,
    GetAllocation,
    ListMovements,
    ListWarehouses,
    Movement,
    StockLevel,
    Warehouse,
)
from domains.orders.handlers.checkout import checkout
from domains.orders.handlers.lifecycle import deliver_order, fulfil_order, ship_order
from domains.orders.messages import Checkout, DeliverOrder, FulfilOrder, OrderView, ShipOrder
from domains.payments.messages import (
    AuthorisePayment,
    CapturePayment,
    ListPaymentTransactions,
    PaymentTransaction,
    PaymentView,
    RefundPayment,
)
from tests.unit.orders.fakes import eur
from tests.unit.orders.shop import Shop

if TYPE_CHECKING:
    from uuid import UUID

    from domains.orders.ports import OrdersDeps

AT = datetime(2027, 1, 1, tzinfo=UTC)


class ReturnsShop(Shop):
    """MUG-1 x 2 allocated from BER; payments refund up to what was captured, keeping a ledger."""

    def __init__(self, allocation: list[AllocationLine] | None = None) -> None:
        super().__init__()
        self.token_outcome["authorise"] = "authorised"
        self.token_outcome["held"] = "held"
        self.allocation = allocation or [AllocationLine(sku="MUG-1", warehouse="BER", quantity=2)]
        self.movements: list[Movement] = []
        self.ledger: dict[UUID, list[PaymentTransaction]] = {}
        self.bus.answers |= {
            GetAllocation: lambda q: Allocation(order_id=q.order_id, lines=self.allocation),
            ListWarehouses: lambda _: [
                Warehouse(id=uuid4(), code="BER", name="Berlin", country="DE", priority=0, created_at=AT)
            ],
            AdjustStock: self.adjust,
            ListMovements: lambda q: Page(items=[m for m in self.movements if m.sku == q.sku][::-1]),
            CapturePayment: self.capture,
            RefundPayment: self.refund,
            ListPaymentTransactions: lambda q: self.ledger.get(q.order_id, []),
            AuthorisePayment: self.authorise,
        }

    def authorise(self, command: AuthorisePayment) -> PaymentView:
        """As payments answers; asked not to capture, an accepted payment is only authorised."""
        first = command.order_id not in self.payments
        found = super().authorise(command)
        if first and not command.capture and found.status == "captured":
            found = msgspec.structs.replace(found, status="authorised", captured=eur(0))
            self.payments[command.order_id] = found
        return found

    def adjust(self, command: AdjustStock) -> StockLevel:
        movement = Movement(
            id=len(self.movements) + 1,
            sku=command.sku,
            warehouse=command.warehouse,
            kind=command.kind,
            quantity=command.delta,
            reason=command.reason,
            actor=command.actor,
            reference=None,
            created_at=AT,
        )
        self.movements.append(movement)
        return StockLevel(
            sku=command.sku, on_hand=0, reserved=0, available=0, warehouses=[], low_stock_threshold=None
        )

    def returned(self) -> list[tuple[str, str, int]]:
        """(SKU, warehouse, units) of every return movement."""
        return [(m.sku, m.warehouse or "", m.quantity) for m in self.movements if m.kind == "return"]

    def capture(self, command: CapturePayment) -> PaymentView:
        found = self.payments[command.order_id]
        if found.status == "authorised":
            found = msgspec.structs.replace(found, status="captured", captured=found.amount)
            self.payments[command.order_id] = found
        return found

    def refund(self, command: RefundPayment) -> PaymentView:
        found = self.payments[command.order_id]
        left = found.captured.amount - found.refunded.amount
        if command.amount.amount > left:
            raise Conflict(
                f"at most {left} can still be refunded",
                errors=[FieldError("amount", f"at most {left} can still be refunded")],
            )
        refunded = found.refunded.amount + command.amount.amount
        status = "refunded" if refunded == found.captured.amount else "partially_refunded"
        found = msgspec.structs.replace(found, status=status, refunded=eur(refunded))
        self.payments[command.order_id] = found
        line = PaymentTransaction(
            id=uuid4(),
            kind="refund",
            amount=command.amount,
            outcome="succeeded",
            reference=None,
            reason=command.reason,
            created_at=AT,
        )
        self.ledger.setdefault(command.order_id, []).append(line)
        return found

    def refunds(self, order_id: UUID) -> list[int]:
        return [line.amount.amount for line in self.ledger.get(order_id, [])]


async def placed(shop: Shop, built: OrdersDeps, token: str = "ok", **fields: Any) -> tuple[OrderView, str]:
    """A guest's order of the shop's cart (2 x MUG-1, 26.78 with tax, 4.90 shipping: 31.68) and its token."""
    result = await checkout(
        Checkout(
            cart_id=shop.cart.id, customer_id=None, payment_provider="sandbox", payment_token=token, **fields
        ),
        built,
    )
    return result.order, result.order_token


async def delivered(shop: Shop, built: OrdersDeps) -> tuple[OrderView, str]:
    """The shop's cart placed, fulfilled, shipped and delivered (by staff, at the clock's time)."""
    order, token = await placed(shop, built)
    await fulfil_order(FulfilOrder(order_id=order.id, actor="staff:1"), built)
    await ship_order(ShipOrder(order_id=order.id, actor="staff:1"), built)
    order = await deliver_order(DeliverOrder(order_id=order.id, actor="staff:1"), built)
    return order, token
