"""An order's lifecycle: which status may follow which, each change recorded with time and actor.

``pending_payment -> paid -> fulfilling -> shipped -> delivered``, plus cancellation
before shipment, refunds and returns. A partial refund before shipment (a price match, a goodwill
gesture) leaves the sale standing: until something ships, a partially refunded order may still be
fulfilled, or cancelled. Anything else is a Conflict (409).
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
    "partially_refunded": _to("return_requested", "fulfilling", "cancelled", *REFUNDS),
    "refunded": _to(),
    "cancelled": _to(),
}
BEFORE_SHIPMENT = _to("fulfilling", "cancelled")  # what a partially refunded order may do until it ships


def may_move(current: OrderStatus, target: OrderStatus) -> bool:
    return target in TRANSITIONS[current]


def illegal(current: OrderStatus, target: OrderStatus) -> Conflict:
    allowed = ", ".join(sorted(TRANSITIONS[current])) or "nothing"
    return Conflict(
        f"an order that is {current} cannot become {target}",
        errors=[FieldError("status", f"is {current}: it may become {allowed}")],
    )


def check_move(current: OrderStatus, target: OrderStatus, *, shipped: bool = False) -> None:
    """Raise the 409 of an illegal transition (``shipped``: something of the order left already)."""
    if not may_move(current, target):
        raise illegal(current, target)
    if shipped and current == "partially_refunded" and target in BEFORE_SHIPMENT:
        raise Conflict(
            f"an order that is {current} and has shipped cannot become {target}",
            errors=[FieldError("status", f"is {current} and has shipped: it may be returned or refunded")],
        )
