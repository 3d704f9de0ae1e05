"""The payments domain's rules, free of I/O: a payment and how a provider's answer moves it.

A payment is "pending" from the moment the provider is asked until its answer is
recorded, "failed" when the provider errored (a repeat asks again with the same
idempotency key, so a charge the error hid is found, never doubled). Refunded
amounts move only through the store's guarded refund operations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID

from core.money import Money
from domains.payments.messages import (
    PaymentAuthorised,
    PaymentCaptured,
    PaymentDeclined,
    PaymentHeld,
    PaymentStatus,
    PaymentView,
    PaymentVoided,
)

if TYPE_CHECKING:
    from core.messages import Event
    from domains.payments.messages.fraud import FraudDecision
    from domains.payments.model.fraud import Verdict

# The provider's answer is still awaited: asking again (same idempotency key) is safe.
UNSETTLED: frozenset[str] = frozenset({"pending", "failed"})
CAPTURED: frozenset[str] = frozenset({"captured", "partially_refunded", "refunded"})
_CARD_NUMBER = re.compile(r"^[\d \-]{12,23}$")


def looks_like_card_number(token: str | None) -> bool:
    """True for a bare card number (12 to 19 digits, maybe grouped): only provider tokens are accepted."""
    if token is None or not _CARD_NUMBER.match(token):
        return False
    return 12 <= sum(c.isdigit() for c in token) <= 19


def refund_status(captured: int, refunded: int) -> PaymentStatus:
    """Where a captured payment stands once ``refunded`` of it went back."""
    if refunded == 0:
        return "captured"
    return "refunded" if refunded >= captured else "partially_refunded"


@dataclass
class Payment:
    """The one payment of an order; ``captured``/``refunded`` are minor units of ``amount``'s currency."""

    id: UUID
    order_id: UUID
    provider: str
    amount: Money
    capture: bool
    status: PaymentStatus = "pending"
    captured: int = 0
    refunded: int = 0
    refunding: int = 0
    reference: str | None = None
    decline_reason: str | None = None
    action_url: str | None = None
    fraud_score: int | None = None
    fraud_reasons: list[str] = field(default_factory=list)
    fraud_decision: FraudDecision | None = None
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @property
    def settled(self) -> bool:
        """The provider's answer is recorded: a repeat of the authorisation returns it unchanged."""
        return self.status not in UNSETTLED

    @property
    def refundable(self) -> int:
        """What may still be refunded: captured, less refunded and refunds in flight."""
        return self.captured - self.refunded - self.refunding

    def money(self, amount: int) -> Money:
        return Money(amount=amount, currency=self.amount.currency)

    def screened(self, verdict: Verdict) -> None:
        """Take the fraud rules' verdict, before the provider is asked: for review, only authorise."""
        self.fraud_score, self.fraud_reasons = verdict.score, list(verdict.reasons)
        self.fraud_decision = verdict.decision
        if verdict.decision == "review":
            self.capture = False

    def settle(
        self,
        status: PaymentStatus,
        reference: str | None,
        *,
        decline_reason: str | None = None,
        action_url: str | None = None,
    ) -> None:
        """Apply the provider's answer to an authorisation (or its confirmation after an action).

        A payment the fraud rules sent to review is "held" once authorised, not "authorised".
        """
        if status == "authorised" and self.fraud_decision == "review":
            status = "held"
        if status not in ("authorised", "held", "captured", "requires_action", "declined"):
            raise ValueError(f"an authorisation cannot end {status!r}")
        self.reference = reference or self.reference
        self.decline_reason = (decline_reason or "declined")[:100] if status == "declined" else None
        self.action_url = action_url if status == "requires_action" else None
        if status == self.status:
            return
        self.status = status
        if status in ("authorised", "held", "captured"):
            self.events.append(
                PaymentAuthorised(order_id=self.order_id, payment_id=self.id, amount=self.amount)
            )
        if status == "held":
            held = PaymentHeld(
                order_id=self.order_id,
                payment_id=self.id,
                score=self.fraud_score or 0,
                reasons=list(self.fraud_reasons),
            )
            self.events.append(held)
        if status == "captured":
            self.mark_captured()
        elif status == "declined":
            self.events.append(
                PaymentDeclined(
                    order_id=self.order_id, payment_id=self.id, amount=self.amount, reason=self.decline_reason
                )
            )

    def fail(self) -> None:
        """The provider errored or was unreachable: nothing known to be charged."""
        self.status = "failed"

    def mark_captured(self) -> None:
        self.status, self.captured = "captured", self.amount.amount
        self.events.append(PaymentCaptured(order_id=self.order_id, payment_id=self.id, amount=self.amount))

    def mark_voided(self) -> None:
        self.status, self.action_url = "voided", None
        self.events.append(PaymentVoided(order_id=self.order_id, payment_id=self.id, amount=self.amount))

    def view(self) -> PaymentView:
        return PaymentView(
            id=self.id,
            order_id=self.order_id,
            provider=self.provider,
            status=self.status,
            amount=self.amount,
            captured=self.money(self.captured),
            refunded=self.money(self.refunded),
            action_url=self.action_url,
            decline_reason=self.decline_reason,
            reference=self.reference,
            fraud_score=self.fraud_score,
            fraud_reasons=list(self.fraud_reasons),
        )
