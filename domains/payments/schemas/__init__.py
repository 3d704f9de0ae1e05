"""HTTP replies of the payments routes: a payment as staff see it, with its ledger."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec

from core.money import Money
from domains.payments.messages import PaymentStatus, PaymentTransaction


class PaymentRecord(msgspec.Struct, frozen=True, kw_only=True):
    """An order's payment and every call made to its provider, oldest first. Tokens are never kept."""

    id: UUID
    order_id: UUID
    provider: str
    status: PaymentStatus
    amount: Money
    captured: Money
    refunded: Money
    reference: Annotated[str | None, msgspec.Meta(description="The provider's id of the payment")] = None
    action_url: str | None = None
    decline_reason: str | None = None
    fraud_score: Annotated[
        int | None, msgspec.Meta(description="0-100 from the fraud rules; None if it was never screened")
    ] = None
    fraud_reasons: list[str] = []
    transactions: list[PaymentTransaction] = []
