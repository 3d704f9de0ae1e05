"""The checkout saga's state and its pure rules: when a cart may be checked out, what to undo, what
recovery does with a checkout a crashed process left behind.

Steps are recorded *before* the step's message is sent, so a checkout found at ``paying`` may or may
not have been charged, and one found at ``allocating`` may or may not hold stock: undoing is
idempotent on the other side, so recovery undoes what might have been done.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from uuid import UUID

import msgspec

from core.errors import Conflict, FieldError
from core.validation import Findings
from domains.cart import messages as cart
from domains.orders.messages import OrderItem
from domains.pricing.messages import QuotedPromotion, QuoteTotals

if TYPE_CHECKING:
    from datetime import datetime

    from domains.cart.messages import CheckoutCart

Step = Literal["started", "redeeming", "allocating", "paying", "placing", "placed", "completed"]
State = Literal["running", "compensating", "failed", "done"]
Undo = Literal["void_payment", "release_allocation", "release_coupons"]
Recovery = Literal["compensate", "settle_payment", "complete_cart", "nothing"]
STEPS: tuple[Step, ...] = ("started", "redeeming", "allocating", "paying", "placing", "placed", "completed")
EMAIL_LENGTH = 254


class CheckoutPlan(msgspec.Struct, frozen=True, kw_only=True):
    """What the order will be, fixed once the totals are quoted: kept with the checkout for recovery.

    The payment token is never part of it.
    """

    cart_id: UUID
    customer_id: UUID | None
    email: str | None
    currency: str
    provider: str
    actor: str
    items: list[OrderItem]
    totals: QuoteTotals
    shipping_address: cart.CartAddress | None
    shipping_method: cart.ChosenShipping | None
    applied_promotions: list[QuotedPromotion]
    coupon_codes: list[str]


@dataclass
class CheckoutRun:
    """One attempt to check a cart out; ``lease_owner`` is the process working on it until ``lease_until``."""

    order_id: UUID
    cart_id: UUID
    customer_id: UUID | None
    email: str | None
    provider: str
    token_hash: str
    step: Step
    state: State
    lease_owner: UUID
    lease_until: datetime
    plan: CheckoutPlan | None = None
    error: str | None = None


def reached(step: Step, than: Step) -> bool:
    return STEPS.index(step) >= STEPS.index(than)


def compensations(step: Step) -> list[Undo]:
    """What to undo, last step first, for a checkout that got as far as ``step`` without placing its order."""
    undo: list[Undo] = []
    if reached(step, "paying"):
        undo.append("void_payment")
    if reached(step, "allocating"):
        undo.append("release_allocation")
    if reached(step, "redeeming"):
        undo.append("release_coupons")
    return undo


def recovery_of(run: CheckoutRun) -> Recovery:
    """What recovery does with a checkout whose lease ran out.

    Payment never asked: undo. Payment asked: ask payments how it ended and place the order if it
    was captured (else undo). Order placed but the cart not completed: complete it.
    """
    if run.state == "compensating":
        return "compensate"
    if run.state == "running":
        if run.plan is not None and run.step in ("paying", "placing"):
            return "settle_payment"
        return "compensate"
    if run.state == "done" and run.step == "placed":
        return "complete_cart"
    return "nothing"


def actor_of(customer_id: UUID | None) -> str:
    return f"customer:{customer_id}" if customer_id else "guest"


def check_ready(basket: CheckoutCart, email: str | None) -> str | None:
    """The email the order goes to, once the cart can be checked out; else Conflict (not active) or
    Invalid naming every missing field."""
    if basket.status != "active":
        raise Conflict(
            f"the cart is {basket.status.replace('_', ' ')}: it cannot be checked out again",
            errors=[FieldError("cart", f"is {basket.status}")],
        )
    found = Findings()
    if not basket.items:
        found.add("items", "the cart has no items")
    if basket.shipping_address is None:
        found.add("shipping_address", "choose where the order goes")
    if basket.shipping_method_id is None:
        found.add("shipping_method", "choose a shipping method")
    chosen = (email or basket.email or "").strip() or None
    if chosen is None and basket.customer_id is None:
        found.add("email", "a guest needs an email address for the order")
    elif chosen is not None and (len(chosen) > EMAIL_LENGTH or "@" not in chosen.strip("@")):
        found.add("email", "must be an email address")
    found.raise_any("the cart cannot be checked out yet")
    return chosen


def declined(reason: str | None) -> str:
    return f"the payment was declined ({reason})" if reason else "the payment was declined"
