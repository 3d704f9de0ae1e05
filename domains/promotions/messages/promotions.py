"""Promotions and campaigns: the staff commands, queries, replies and events.

A percentage ``value`` is a Decimal percent written as a string ("12.5" is 12.5 %);
a fixed ``value`` is an integer of minor units in the promotion's ``currency``.
Update commands use ``UNSET`` for "leave as is", so ``None`` can mean "clear".
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID, uuid4

import msgspec
from msgspec import UNSET, UnsetType

from core.messages import Command, Event, Query

Kind = Literal["percentage", "fixed", "free_shipping", "buy_x_get_y"]


class Tier(msgspec.Struct, frozen=True, kw_only=True):
    min_subtotal: int
    value: str


class VariantSpec(msgspec.Struct, frozen=True, kw_only=True):
    """An A/B variant: its share of shoppers (``weight``) and the value it gives instead."""

    name: str
    weight: int = 1
    value: str | None = None


class Conditions(msgspec.Struct, frozen=True, kw_only=True):
    """Who and what a promotion is for; an empty list means "any"."""

    min_subtotal: int | None = None
    skus: list[str] = []
    categories: list[UUID] = []
    brands: list[UUID] = []
    segments: list[UUID] = []
    first_order: bool | None = None
    currencies: list[str] = []


class PromotionDetails(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    kind: Kind
    value: str | None
    currency: str
    buy: int | None
    get: int | None
    get_percent: int
    tiers: list[Tier]
    variants: list[VariantSpec]
    conditions: Conditions
    coupon_required: bool
    exclusive: bool
    priority: int
    starts_at: datetime | None
    ends_at: datetime | None
    usage_limit: int | None
    per_customer_limit: int | None
    used: int
    campaign_id: UUID | None
    active: bool
    created_at: datetime
    updated_at: datetime


class PromotionPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[PromotionDetails]
    next_cursor: str | None = None


class VariantReport(msgspec.Struct, frozen=True, kw_only=True):
    variant: str | None
    exposures: int
    conversions: int
    discount: int


class PromotionReport(msgspec.Struct, frozen=True, kw_only=True):
    promotion_id: UUID
    variants: list[VariantReport]


class CreatePromotion(Command[PromotionDetails], frozen=True, kw_only=True, tag="promotions.CreatePromotion"):
    key_field = "promotion_id"
    promotion_id: UUID = msgspec.field(default_factory=uuid4)
    name: str
    kind: Kind
    value: str | None = None
    currency: str | None = None  # None: the shop's default currency
    buy: int | None = None
    get: int | None = None
    get_percent: int = 100
    tiers: list[Tier] = []
    variants: list[VariantSpec] = []
    conditions: Conditions = Conditions()
    coupon_required: bool = False
    exclusive: bool = False
    priority: int = 0
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    usage_limit: int | None = None
    per_customer_limit: int | None = None
    campaign_id: UUID | None = None


class UpdatePromotion(Command[PromotionDetails], frozen=True, kw_only=True, tag="promotions.UpdatePromotion"):
    key_field = "promotion_id"
    promotion_id: UUID
    name: str | UnsetType = UNSET
    value: str | UnsetType | None = UNSET
    buy: int | UnsetType | None = UNSET
    get: int | UnsetType | None = UNSET
    get_percent: int | UnsetType = UNSET
    tiers: list[Tier] | UnsetType = UNSET
    variants: list[VariantSpec] | UnsetType = UNSET
    conditions: Conditions | UnsetType = UNSET
    coupon_required: bool | UnsetType = UNSET
    exclusive: bool | UnsetType = UNSET
    priority: int | UnsetType = UNSET
    starts_at: datetime | UnsetType | None = UNSET
    ends_at: datetime | UnsetType | None = UNSET
    usage_limit: int | UnsetType | None = UNSET
    per_customer_limit: int | UnsetType | None = UNSET
    campaign_id: UUID | UnsetType | None = UNSET
    active: bool | UnsetType = UNSET


class DeactivatePromotion(
    Command[PromotionDetails], frozen=True, kw_only=True, tag="promotions.DeactivatePromotion"
):
    key_field = "promotion_id"
    promotion_id: UUID


class GetPromotion(Query[PromotionDetails], frozen=True, kw_only=True, tag="promotions.GetPromotion"):
    promotion_id: UUID


class ListPromotions(Query[PromotionPage], frozen=True, kw_only=True, tag="promotions.ListPromotions"):
    active: bool | None = None
    limit: int = 20
    cursor: str | None = None


class GetPromotionReport(
    Query[PromotionReport], frozen=True, kw_only=True, tag="promotions.GetPromotionReport"
):
    promotion_id: UUID


class PromotionChanged(Event, frozen=True, kw_only=True, tag="promotions.PromotionChanged"):
    """After a promotion is created or changed (deactivation included): its full state."""

    key_field = "promotion_id"
    promotion_id: UUID
    promotion: PromotionDetails
