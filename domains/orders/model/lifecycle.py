"""An order's lifecycle: which status may follow which, each change recorded with time and actor.

``pending_payment -> paid -> fulfilling -> shipped -> delivered``, plus cancellation
before shipment, refunds and returns. Anything else is a Conflict (409).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import Conflict, FieldError

if TYPE_CHECKING:
    from domains.orders.messages import OrderStatus


def _to(*statuses: OrderStatus) -> frozenset[OrderStatus]:
    return frozenset(statuses)


REFUNDS: tuple[OrderStatus, ...] = ("refunded", "partially_refunded")
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    "pending_payment": _to("paid", "cancelled"),
    "paid": _to("fulfilling", "cancelled", *REFUNDS),
    "fulfilling": _to("shipped", "cancelled", *REFUNDS),
    "shipped": _to("delivered", "return_requested", *REFUNDS),
    "delivered": _to("return_requested", *REFUNDS),
    "return_requested": _to("returned", "delivered", *REFUNDS),
    "returned": _to(*REFUNDS),
    "partially_refunded": _to("return_requested", *REFUNDS),
    "refunded": _to(),
    "cancelled": _to(),
}
CANCELLABLE = _to("pending_payment", "paid", "fulfilling")


def may_move(current: OrderStatus, target: OrderStatus) -> bool:
    return target in TRANSITIONS[current]


def illegal(current: OrderStatus, target: OrderStatus) -> Conflict:
    allowed = ", ".join(sorted(TRANSITIONS[current])) or "nothing"
    return Conflict(
        f"an order that is {current} cannot become {target}",
        errors=[FieldError("status", f"is {current}: it may become {allowed}")],
    )


def check_move(current: OrderStatus, target: OrderStatus) -> None:
    """Raise the 409 of an illegal transition."""
    if not may_move(current, target):
        raise illegal(current, target)
