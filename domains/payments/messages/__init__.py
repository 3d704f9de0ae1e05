"""The payments domain's public contract: the one module other domains import.

One payment per order. ``AuthorisePayment`` is idempotent by ``order_id``: a repeat
answers the first outcome and never charges twice. A decline is an answer (status
"declined" with a ``decline_reason``), not an error; a provider that errors or
cannot be reached is ``core.errors.Unavailable`` and charges nothing.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query, declared_in
from core.money import Money
from domains.payments.messages import fraud, methods, webhooks

# "pending": the provider was asked and its answer is not recorded yet (in flight, or a
# crash came between the call and the record); a repeat of AuthorisePayment settles it.
# "held": fraud rules put it under staff review, authorised and not captured (ApprovePayment captures).
PaymentStatus = Literal[
    "pending",
    "authorised",
    "held",
    "captured",
    "requires_action",
    "declined",
    "failed",
    "voided",
    "refunded",
    "partially_refunded",
]
TransactionKind = Literal["authorise", "capture", "void", "refund"]
Outcome = Literal["pending", "succeeded", "requires_action", "declined", "failed"]


class PaymentView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    order_id: UUID
    provider: str
    status: PaymentStatus
    amount: Money
    captured: Money
    refunded: Money
    action_url: str | None = None
    decline_reason: str | None = None
    reference: str | None = None
    fraud_score: int | None = None
    fraud_reasons: list[str] = []


class PaymentTransaction(msgspec.Struct, frozen=True, kw_only=True):
    """One line of a payment's ledger: what was asked of the provider and what it answered."""

    id: UUID
    kind: TransactionKind
    amount: Money
    outcome: Outcome
    reference: str | None
    reason: str | None
    created_at: datetime


class AuthorisePayment(Command[PaymentView], frozen=True, kw_only=True, tag="payments.AuthorisePayment"):
    """Charge (``capture``) or hold ``amount`` for the order through ``provider`` with its ``token``.

    Fraud rules score it first (``ip``, the countries, the email and the token): blocked, it is
    declined with reason "fraud" and the provider is never asked; for review, it is authorised
    without capture and "held". ``saved_method_id`` pays with the customer's saved method
    (its provider and token) instead of ``provider``/``token``.
    """

    key_field = "order_id"
    order_id: UUID
    amount: Money
    provider: str
    token: str | None
    capture: bool = True
    customer_id: UUID | None = None
    email: str | None = None
    ip: str | None = None
    billing_country: str | None = None
    shipping_country: str | None = None
    saved_method_id: UUID | None = None


class ConfirmPayment(Command[PaymentView], frozen=True, kw_only=True, tag="payments.ConfirmPayment"):
    """Finish a payment that required the shopper's action (3-D Secure); idempotent."""

    key_field = "order_id"
    order_id: UUID


class CapturePayment(Command[PaymentView], frozen=True, kw_only=True, tag="payments.CapturePayment"):
    """Take the money of an authorised payment; idempotent."""

    key_field = "order_id"
    order_id: UUID


class VoidPayment(Command[PaymentView], frozen=True, kw_only=True, tag="payments.VoidPayment"):
    """Let go of an authorisation; a captured payment is refunded in full instead. Idempotent."""

    key_field = "order_id"
    order_id: UUID


class ApprovePayment(Command[PaymentView], frozen=True, kw_only=True, tag="payments.ApprovePayment"):
    """Staff let a held payment through: it is captured. Not held (decided already): Conflict."""

    key_field = "order_id"
    order_id: UUID
    actor: str


class RejectPayment(Command[PaymentView], frozen=True, kw_only=True, tag="payments.RejectPayment"):
    """Staff refuse a held payment: it is voided. Not held (decided already): Conflict."""

    key_field = "order_id"
    order_id: UUID
    actor: str
    reason: str


class RefundPayment(Command[PaymentView], frozen=True, kw_only=True, tag="payments.RefundPayment"):
    """Give back part or all of what was captured, never more (guarded in PostgreSQL)."""

    key_field = "order_id"
    order_id: UUID
    amount: Money
    reason: str


class GetPayment(Query[PaymentView], frozen=True, kw_only=True, tag="payments.GetPayment"):
    order_id: UUID


class ListPaymentTransactions(
    Query[list[PaymentTransaction]], frozen=True, kw_only=True, tag="payments.ListPaymentTransactions"
):
    """The order's payment ledger, oldest first (NotFound if the order has no payment)."""

    order_id: UUID


class PaymentAuthorised(Event, frozen=True, kw_only=True, tag="payments.PaymentAuthorised"):
    key_field = "order_id"
    order_id: UUID
    payment_id: UUID
    amount: Money


class PaymentCaptured(Event, frozen=True, kw_only=True, tag="payments.PaymentCaptured"):
    key_field = "order_id"
    order_id: UUID
    payment_id: UUID
    amount: Money


class PaymentDeclined(Event, frozen=True, kw_only=True, tag="payments.PaymentDeclined"):
    key_field = "order_id"
    order_id: UUID
    payment_id: UUID
    amount: Money
    reason: str | None = None


class PaymentVoided(Event, frozen=True, kw_only=True, tag="payments.PaymentVoided"):
    key_field = "order_id"
    order_id: UUID
    payment_id: UUID
    amount: Money


class PaymentHeld(Event, frozen=True, kw_only=True, tag="payments.PaymentHeld"):
    """Fraud rules held the payment (authorised, not captured) for staff review."""

    key_field = "order_id"
    order_id: UUID
    payment_id: UUID
    score: int
    reasons: list[str]


class PaymentRefunded(Event, frozen=True, kw_only=True, tag="payments.PaymentRefunded"):
    """``amount`` was given back now; ``total`` is everything refunded so far."""

    key_field = "order_id"
    order_id: UUID
    payment_id: UUID
    amount: Money
    total: Money | None = None
    reason: str | None = None


COMMANDS, QUERIES, EVENTS = declared_in(sys.modules[__name__], fraud, methods, webhooks)
MESSAGES = (*COMMANDS, *QUERIES, *EVENTS)
