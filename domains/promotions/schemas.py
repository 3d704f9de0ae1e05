"""The promotions HTTP shapes, apart from its bus messages so either can change alone.

``value``: a percentage is a Decimal percent, as a string or a number ("12.5" or 12.5
is 12.5 %); a fixed amount is an integer of minor units in the promotion's
``currency`` (default: the shop's). Replies give ``value`` as a string.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from core.controllers import Body, Instant
from core.money import MAX_AMOUNT
from domains.promotions.messages import Kind

Amount = Annotated[int, msgspec.Meta(ge=0, le=MAX_AMOUNT, description="minor units")]
Count = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]
Priority = Annotated[int, msgspec.Meta(ge=-1000, le=1000, description="higher applies first")]
Percent = Annotated[int, msgspec.Meta(ge=1, le=100)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Value = Annotated[
    str | int | float,
    msgspec.Meta(description='percentage: 0-100 as "12.5" or 12.5; fixed: minor units as an integer'),
]
Code = Annotated[str, msgspec.Meta(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]


class TierBody(Body, frozen=True, kw_only=True):
    min_subtotal: Amount
    value: Value


class VariantBody(Body, frozen=True, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=50)]
    weight: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 1
    value: Value | None = None


class ConditionsBody(Body, frozen=True, kw_only=True):
    min_subtotal: Amount | None = None
    skus: Annotated[list[str], msgspec.Meta(max_length=500)] = []
    categories: Annotated[list[UUID], msgspec.Meta(max_length=500)] = []
    brands: Annotated[list[UUID], msgspec.Meta(max_length=500)] = []
    segments: Annotated[list[UUID], msgspec.Meta(max_length=100)] = []
    first_order: bool | None = None
    currencies: Annotated[list[str], msgspec.Meta(max_length=50)] = []


class PromotionCreate(Body, frozen=True, kw_only=True):
    name: Name
    kind: Kind
    value: Value | None = None
    currency: str | None = None
    buy: Annotated[int, msgspec.Meta(ge=1, le=1000)] | None = None
    get: Annotated[int, msgspec.Meta(ge=1, le=1000)] | None = None
    get_percent: Percent = 100
    tiers: Annotated[list[TierBody], msgspec.Meta(max_length=20)] = []
    variants: Annotated[list[VariantBody], msgspec.Meta(max_length=10)] = []
    conditions: ConditionsBody | None = None
    coupon_required: bool = False
    exclusive: bool = False
    priority: Priority = 0
    starts_at: Instant | None = None
    ends_at: Instant | None = None
    usage_limit: Count | None = None
    per_customer_limit: Count | None = None
    campaign_id: UUID | None = None


class PromotionUpdate(Body, frozen=True, kw_only=True):
    name: Name | UnsetType = UNSET
    value: Value | UnsetType | None = UNSET
    buy: Annotated[int, msgspec.Meta(ge=1, le=1000)] | UnsetType | None = UNSET
    get: Annotated[int, msgspec.Meta(ge=1, le=1000)] | UnsetType | None = UNSET
    get_percent: Percent | UnsetType = UNSET
    tiers: Annotated[list[TierBody], msgspec.Meta(max_length=20)] | UnsetType = UNSET
    variants: Annotated[list[VariantBody], msgspec.Meta(max_length=10)] | UnsetType = UNSET
    conditions: ConditionsBody | UnsetType = UNSET
    coupon_required: bool | UnsetType = UNSET
    exclusive: bool | UnsetType = UNSET
    priority: Priority | UnsetType = UNSET
    starts_at: Instant | UnsetType | None = UNSET
    ends_at: Instant | UnsetType | None = UNSET
    usage_limit: Count | UnsetType | None = UNSET
    per_customer_limit: Count | UnsetType | None = UNSET
    campaign_id: UUID | UnsetType | None = UNSET
    active: bool | UnsetType = UNSET


class CouponRequest(Body, frozen=True, kw_only=True):
    """Either one chosen ``code``, or ``count`` generated codes starting with ``prefix``."""

    code: Code | None = None
    count: Annotated[int, msgspec.Meta(ge=1, le=10_000)] | None = None
    prefix: Annotated[str, msgspec.Meta(max_length=20, pattern=r"^[A-Za-z0-9_-]*$")] = ""
    usage_limit: Count | None = None


class IssuedCoupons(msgspec.Struct, frozen=True, kw_only=True):
    """The codes just made: generated ones are shown here once."""

    promotion_id: UUID
    codes: list[str]


class Coupon(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    code: str
    usage_limit: int | None
    used: int
    created_at: datetime


class Coupons(msgspec.Struct, frozen=True, kw_only=True):
    items: list[Coupon]
    next_cursor: str | None


class CampaignCreate(Body, frozen=True, kw_only=True):
    name: Name
    starts_at: Instant | None = None
    ends_at: Instant | None = None
    budget: (
        Annotated[int, msgspec.Meta(ge=1, le=MAX_AMOUNT, description="total discount, minor units")] | None
    ) = None
    currency: str | None = None


class CampaignUpdate(Body, frozen=True, kw_only=True):
    name: Name | UnsetType = UNSET
    starts_at: Instant | UnsetType | None = UNSET
    ends_at: Instant | UnsetType | None = UNSET
    budget: Annotated[int, msgspec.Meta(ge=1, le=MAX_AMOUNT)] | UnsetType | None = UNSET
    active: bool | UnsetType = UNSET
