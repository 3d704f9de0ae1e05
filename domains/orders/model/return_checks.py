"""When a return may be asked, for which units, what may be received, and where restocked units go."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from core.errors import Conflict, FieldError
from core.validation import Findings
from domains.inventory.messages import ItemQuantity
from domains.orders.model.refunds import ordered
from domains.orders.model.returns import Restock

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from domains.inventory.messages import AllocationLine
    from domains.orders.messages import ReceivedItem
    from domains.orders.model.orders import Order
    from domains.orders.model.returns import Return

MAX_LINES = 100


def check_window(order: Order, now: datetime, window_days: int) -> None:
    """Conflict unless the order was delivered, not refunded in full, at most ``window_days`` ago."""
    delivered = order.delivered_at
    if order.status in ("cancelled", "refunded"):
        raise Conflict(
            f"the order is {order.status}: there is nothing left to return",
            errors=[FieldError("status", f"is {order.status}")],
        )
    if delivered is None:
        raise Conflict(
            f"the order has not been delivered yet (it is {order.status.replace('_', ' ')}): "
            "a return can be asked once it arrives",
            errors=[FieldError("status", f"is {order.status}: not delivered yet")],
        )
    closes = delivered + timedelta(days=window_days)
    if now > closes:
        raise Conflict(
            f"the return window closed on {closes.date().isoformat()}: returns are accepted for "
            f"{window_days} days after delivery",
            errors=[FieldError("delivered_at", f"more than {window_days} days ago")],
        )


def returnable(order: Order, returns: Iterable[Return]) -> dict[str, int]:
    """SKU -> units still free to return: ordered, less what other returns claim."""
    left = {sku: units for sku, (units, _) in ordered(order).items()}
    for found in returns:
        for sku, units in found.claimed_units().items():
            left[sku] = left.get(sku, 0) - units
    return left


def _lines(items: list[ItemQuantity], found: Findings) -> None:
    if not items:
        found.add("items", "name at least one item to return")
    found.at_most(items, MAX_LINES, "items")


def check_request(order: Order, returns: Iterable[Return], items: list[ItemQuantity]) -> list[ItemQuantity]:
    """The units asked back, one line per SKU; Invalid naming ``items[i].sku`` (not in the order) or
    ``items[i].quantity`` (fewer than 1, or more than are left to return)."""
    found, left = Findings(), returnable(order, returns)
    asked: dict[str, int] = {}
    _lines(items, found)
    for i, item in enumerate(items):
        if item.sku not in left:
            found.add(f"items[{i}].sku", "is not in this order")
        elif item.quantity < 1:
            found.add(f"items[{i}].quantity", "must be at least 1")
        elif asked.get(item.sku, 0) + item.quantity > left[item.sku]:
            most = max(left[item.sku] - asked.get(item.sku, 0), 0)
            found.add(f"items[{i}].quantity", f"at most {most} of {item.sku} can still be returned")
        else:
            asked[item.sku] = asked.get(item.sku, 0) + item.quantity
    found.raise_any("the return cannot be asked for these items")
    return [ItemQuantity(sku=sku, quantity=units) for sku, units in asked.items()]


def check_received(found_return: Return, items: list[ReceivedItem]) -> list[ReceivedItem]:
    """What staff say came back: SKUs of the return, never more units than were approved."""
    found = Findings()
    if not items:
        found.add("items", "name at least one item received")
    found.at_most(items, MAX_LINES, "items")
    approved = {item.sku: item.quantity for item in found_return.items}
    taken: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.sku not in approved:
            found.add(f"items[{i}].sku", "is not in this return")
        elif item.quantity < 1:
            found.add(f"items[{i}].quantity", "must be at least 1")
        elif taken.get(item.sku, 0) + item.quantity > approved[item.sku]:
            found.add(f"items[{i}].quantity", f"at most {approved[item.sku]} of {item.sku} were approved")
        else:
            taken[item.sku] = taken.get(item.sku, 0) + item.quantity
    found.raise_any("the receipt does not match the return")
    return items


def restock_plan(
    received: list[ReceivedItem], allocation: list[AllocationLine], earlier: Iterable[Return], fallback: str
) -> list[Restock]:
    """Where restocked units go: the warehouses the order's units were allocated from, in the
    allocation's order, each up to what it gave less what earlier returns put back there; units
    beyond that (an allocation unknown) go to ``fallback``."""
    room: dict[tuple[str, str], int] = {}
    for given in allocation:
        room[given.sku, given.warehouse] = room.get((given.sku, given.warehouse), 0) + given.quantity
    for other in earlier:
        for done in other.restocks:
            room[done.sku, done.warehouse] = room.get((done.sku, done.warehouse), 0) - done.quantity
    plan: list[Restock] = []
    for line in (r for r in received if r.restock):
        units = line.quantity
        for (sku, warehouse), free in room.items():
            take = min(units, free) if sku == line.sku else 0
            if take > 0:
                plan.append(Restock(sku=sku, warehouse=warehouse, quantity=take))
                room[sku, warehouse] -= take
                units -= take
        if units > 0:
            where = next((w for s, w in room if s == line.sku), fallback)
            plan.append(Restock(sku=line.sku, warehouse=where, quantity=units))
    return plan
