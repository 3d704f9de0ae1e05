"""The orders domain's rules, free of I/O: the lifecycle, the order aggregate, the checkout saga's state."""

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
from domains.orders.model.lifecycle import CANCELLABLE, TRANSITIONS, check_move, may_move
from domains.orders.model.orders import Order, token_digest

__all__ = [
    "CANCELLABLE",
    "STEPS",
    "TRANSITIONS",
    "CheckoutPlan",
    "CheckoutRun",
    "Order",
    "Recovery",
    "State",
    "Step",
    "Undo",
    "actor_of",
    "check_move",
    "check_ready",
    "compensations",
    "declined",
    "may_move",
    "reached",
    "recovery_of",
    "token_digest",
]
