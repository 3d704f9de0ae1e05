"""A paid order as the orders, inventory and catalog domains answer for it, for fulfilment tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from core.errors import NotFound
from core.money import Money
from domains.cart.messages import CartAddress, ChosenShipping
from domains.catalog.messages import GetVariantsBySku
from domains.inventory.messages import Allocation, AllocationLine, GetAllocation, ListWarehouses, Warehouse
from domains.orders.messages import GetOrder, OrderView
from domains.pricing.messages import QuoteTotals
from tests.unit.shipping.fakes import SendingBus

ADDRESS = CartAddress(
    first_name="Ada", last_name="Buyer", line1="Hauptstr. 1", city="Berlin", postal_code="10115", country="DE"
)


def order_view(order_id: UUID, method_id: UUID | None, status: str = "paid") -> OrderView:
    zero = Money(amount=0, currency="EUR")
    return OrderView(
        id=order_id,
        number="M-000042",
        status=status,  # type: ignore[arg-type]
        customer_id=None,
        email="ada@example.com",
        currency="EUR",
        items=[],
        totals=QuoteTotals(subtotal=zero, discount=zero, shipping=zero, tax=zero, total=zero),
        shipping_address=ADDRESS,
        shipping_method=ChosenShipping(method_id=method_id, name="Standard", price=zero)
        if method_id
        else None,
        applied_promotions=[],
        coupon_codes=[],
        status_history=[],
        payment=None,
        placed_at=datetime(2026, 12, 1, tzinfo=UTC),
    )


def variant(sku: str, weight: int | None) -> Any:
    from domains.catalog.messages import VariantFacts

    return VariantFacts(
        sku=sku, variant_id=uuid4(), product_id=uuid4(), product_name=sku, price=Money(amount=100, currency="EUR"),
        category_ids=[], brand_id=None, weight_grams=weight, available=True, status="published",
    )  # fmt: skip


def answer_for(
    bus: SendingBus, lines: list[tuple[str, str, int]], method_id: UUID | None, status: str = "paid"
) -> None:
    """Make ``bus`` answer for any order: allocated ``lines`` (warehouse, sku, units); SKU-A weighs 500 g."""
    orders: dict[UUID, str] = {}

    def allocation(query: GetAllocation) -> Allocation:
        if not lines:
            raise NotFound("no allocation")
        return Allocation(
            order_id=query.order_id,
            lines=[AllocationLine(sku=s, warehouse=w, quantity=n) for w, s, n in lines],
        )

    def order(query: GetOrder) -> OrderView:
        return order_view(query.order_id, method_id, orders.get(query.order_id, status))

    bus.answer(GetAllocation, allocation)
    bus.answer(GetOrder, order)
    bus.answer(GetVariantsBySku, lambda q: [variant(sku, 500 if sku == "SKU-A" else None) for sku in q.skus])
    bus.answer(
        ListWarehouses,
        lambda q: [
            Warehouse(
                id=uuid4(),
                code=c,
                name=f"Warehouse {c}",
                country="DE",
                priority=0,
                created_at=datetime.now(UTC),
            )
            for c in ("MAIN", "EAST")
        ],
    )
