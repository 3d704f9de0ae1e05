"""What a return refunds, and where returns and refunds leave the order.

A line's paid amount is its total (discount and tax included). Returning ``k`` of its ``n`` units
refunds the share of the units returned so far minus what earlier returns of it refunded, each share
``total * units / n`` rounded half up as the order's own amounts are: every return of a line refunds
whole minor units, and all of them together refund exactly the line's total.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from core.money import rounded

if TYPE_CHECKING:
    from collections.abc import Iterable

    from domains.orders.messages import OrderStatus, ReceivedItem
    from domains.orders.model.orders import Order
    from domains.orders.model.returns import Return

PRE_DELIVERY: frozenset[OrderStatus] = frozenset({"pending_payment", "paid", "fulfilling", "shipped"})


def ordered(order: Order) -> dict[str, tuple[int, int]]:
    """SKU -> (units ordered, their paid total in minor units)."""
    lines: dict[str, tuple[int, int]] = {}
    for item in order.plan.items:
        units, paid = lines.get(item.sku, (0, 0))
        lines[item.sku] = (units + item.quantity, paid + item.total.amount)
    return lines


def _share(paid: int, units: int, of: int) -> int:
    return rounded(Decimal(paid) * units / of)


def units_received(returns: Iterable[Return]) -> dict[str, int]:
    """What came back so far, by SKU, over the returns received (refunded or not)."""
    units: dict[str, int] = {}
    for found in returns:
        if found.status in ("received", "refunded"):
            for sku, quantity in found.received_units().items():
                units[sku] = units.get(sku, 0) + quantity
    return units


def refund_due(order: Order, earlier: Iterable[Return], received: list[ReceivedItem]) -> int:
    """The paid amount of the ``received`` units, after the units ``earlier`` returns brought back."""
    lines, before = ordered(order), units_received(earlier)
    now: dict[str, int] = {}
    for line in received:
        now[line.sku] = now.get(line.sku, 0) + line.quantity
    due = 0
    for sku, units in now.items():
        count, paid = lines[sku]
        done = before.get(sku, 0)
        due += _share(paid, done + units, count) - _share(paid, done, count)
    return due


def status_after(order: Order, returns: Iterable[Return]) -> OrderStatus:
    """The order's status given its returns and what was refunded (its history keeps every step).

    Refunded in full: ``refunded``. A return waiting for its units, or a partial one received and
    not yet refunded: ``return_requested``. Every unit back, refund pending: ``returned``. Then
    ``partially_refunded`` once anything was refunded, ``returned`` if all came back for nothing,
    else the order is back to ``delivered`` (or where it was, before delivery).
    """
    returns = list(returns)
    total = order.plan.totals.total.amount
    lines, back = ordered(order), units_received(returns)
    all_back = all(back.get(sku, 0) >= units for sku, (units, _) in lines.items())
    if order.refunded > 0 and order.refunded >= total:
        return "refunded"
    if any(r.waiting for r in returns):
        return "return_requested"
    if any(r.status == "received" for r in returns):
        return "returned" if all_back else "return_requested"
    if order.refunded > 0:
        return "partially_refunded"
    if all_back and any(r.status == "refunded" for r in returns):
        return "returned"
    return order.status if order.status in PRE_DELIVERY else "delivered"
