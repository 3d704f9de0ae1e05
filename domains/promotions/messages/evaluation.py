"""The evaluation query pricing asks for every quote: which promotions apply to a cart, and how much."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

import msgspec

from core.messages import Query

Reason = Literal[
    "unknown", "expired", "not_started", "usage_limit_reached", "minimum_not_met", "not_applicable"
]


class PromotionLine(msgspec.Struct, frozen=True, kw_only=True):
    sku: str
    quantity: int
    unit_price: int  # minor units in the query's currency
    category_ids: list[UUID] = []
    brand_id: UUID | None = None


class AppliedPromotion(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    amount: int  # minor units, lines plus shipping
    code: str | None = None
    variant: str | None = None


class RejectedCoupon(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    reason: Reason


class PromotionResult(msgspec.Struct, frozen=True, kw_only=True):
    line_discounts: list[int]  # same order as the query's lines
    shipping_discount: int
    applied: list[AppliedPromotion]
    rejected: list[RejectedCoupon]
    explanations: list[str]  # why each promotion applied or did not


class EvaluatePromotions(
    Query[PromotionResult], frozen=True, kw_only=True, tag="promotions.EvaluatePromotions"
):
    """The discounts of the best allowed combination of promotions for this cart.

    Every fact about the shopper arrives here; ``record_exposure=False`` leaves the
    A/B exposure counters alone (previews, repeated quotes). Per-customer limits are
    checked against the customer's uses and those of ``email`` and the account's email.
    """

    currency: str
    lines: list[PromotionLine]
    shipping: int = 0  # the shipping price, for free_shipping
    coupon_codes: list[str] = []
    customer_id: UUID | None = None
    cart_id: UUID | None = None
    segment_ids: list[UUID] = []
    first_order: bool = False
    record_exposure: bool = True
    email: str | None = None
