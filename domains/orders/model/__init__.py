"""The orders domain's rules, free of I/O: the lifecycle, the order aggregate, the checkout saga's state,
returns and what they refund."""

from __future__ import annotations

from domains.orders.model.checkout import (
    STEPS,
    CheckoutPlan,
    CheckoutRun,
    Recovery,
    State,
    Step,
    Undo,
    actor_of,
    check_ready,
    compensations,
    declined,
    reached,
    recovery_of,
)
from domains.orders.model.lifecycle import TRANSITIONS, check_move, may_move
from domains.orders.model.orders import Order, token_digest
from domains.orders.model.refunds import refund_due, status_after
from domains.orders.model.return_checks import (
    check_received,
    check_request,
    check_window,
    restock_plan,
    returnable,
)
from domains.orders.model.returns import RETURN_MOVES, Restock, Return

__all__ = [
    "RETURN_MOVES",
    "STEPS",
    "TRANSITIONS",
    "CheckoutPlan",
    "CheckoutRun",
    "Order",
    "Recovery",
    "Restock",
    "Return",
    "State",
    "Step",
    "Undo",
    "actor_of",
    "check_move",
    "check_ready",
    "check_received",
    "check_request",
    "check_window",
    "compensations",
    "declined",
    "may_move",
    "reached",
    "recovery_of",
    "refund_due",
    "restock_plan",
    "returnable",
    "status_after",
    "token_digest",
]
