"""Coupons: codes staff hand out, and their use, counted when an order is placed.

Codes are matched case-insensitively (kept upper case). ``RedeemCoupons`` is all
or nothing and idempotent per order id; ``ReleaseCoupons`` gives the uses back.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query
from domains.promotions.messages.evaluation import AppliedPromotion


class CouponDetails(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    promotion_id: UUID
    code: str
    usage_limit: int | None
    used: int
    created_at: datetime


class CouponPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[CouponDetails]
    next_cursor: str | None = None


class GeneratedCoupons(msgspec.Struct, frozen=True, kw_only=True):
    """Freshly generated codes: shown once, in this reply."""

    promotion_id: UUID
    codes: list[str]


class Redemption(msgspec.Struct, frozen=True, kw_only=True):
    order_id: UUID
    codes: list[str]


class CreateCoupon(Command[CouponDetails], frozen=True, kw_only=True, tag="promotions.CreateCoupon"):
    key_field = "promotion_id"
    promotion_id: UUID
    code: str
    usage_limit: int | None = None


class GenerateCoupons(Command[GeneratedCoupons], frozen=True, kw_only=True, tag="promotions.GenerateCoupons"):
    key_field = "promotion_id"
    promotion_id: UUID
    count: int
    prefix: str = ""
    usage_limit: int | None = None


class ListCoupons(Query[CouponPage], frozen=True, kw_only=True, tag="promotions.ListCoupons"):
    promotion_id: UUID
    limit: int = 20
    cursor: str | None = None


class RedeemCoupons(Command[Redemption], frozen=True, kw_only=True, tag="promotions.RedeemCoupons"):
    """Counts one use of each code for a placed order: all or nothing (409 naming the code).

    ``applied`` (optional) is the order's quote: its amounts feed campaign budgets and the
    A/B report, and its automatic promotions are counted against their usage limits too.
    A per-customer limit counts the customer's id and ``email`` (the order's), as well as a
    signed-in customer's account email: a guest is held to it by email.
    """

    key_field = "order_id"
    order_id: UUID
    customer_id: UUID | None
    codes: list[str]
    currency: str
    applied: list[AppliedPromotion] = []
    email: str | None = None


class ReleaseCoupons(Command[Redemption], frozen=True, kw_only=True, tag="promotions.ReleaseCoupons"):
    """Gives back the uses a cancelled order took (idempotent)."""

    key_field = "order_id"
    order_id: UUID


class CouponsRedeemed(Event, frozen=True, kw_only=True, tag="promotions.CouponsRedeemed"):
    key_field = "order_id"
    order_id: UUID
    customer_id: UUID | None
    codes: list[str]


class CouponsReleased(Event, frozen=True, kw_only=True, tag="promotions.CouponsReleased"):
    key_field = "order_id"
    order_id: UUID
    codes: list[str]
