"""Promotions and campaigns: what staff set up, with the rules that keep them valid.

A percentage value is a Decimal percent (``Decimal("12.5")`` is 12.5 %); a fixed
value is a whole number of minor units in the promotion's currency. Amounts in
conditions and tiers are in that currency too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from domains.promotions.messages import (
    CampaignChanged,
    CampaignDetails,
    Conditions,
    Kind,
    PromotionChanged,
    PromotionDetails,
    Tier,
    VariantSpec,
)

if TYPE_CHECKING:
    from core.messages import Event


@dataclass(frozen=True)
class Targeting:
    """Who and what a promotion is for; empty sets mean "any"."""

    min_subtotal: int | None = None
    skus: frozenset[str] = frozenset()
    categories: frozenset[UUID] = frozenset()
    brands: frozenset[UUID] = frozenset()
    segments: frozenset[UUID] = frozenset()
    first_order: bool | None = None
    currencies: frozenset[str] = frozenset()

    @property
    def narrows_lines(self) -> bool:
        return bool(self.skus or self.categories or self.brands)


@dataclass(frozen=True)
class Step:
    """A spend tier: from ``min_subtotal`` on, ``value`` applies."""

    min_subtotal: int
    value: Decimal


@dataclass(frozen=True)
class Arm:
    """An A/B variant: its share of shoppers and the value it gives (None: the promotion's)."""

    name: str
    weight: int
    value: Decimal | None = None


@dataclass
class Campaign:
    id: UUID
    name: str
    currency: str
    created_at: datetime
    updated_at: datetime
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    budget: int | None = None
    spent: int = 0
    active: bool = True
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @property
    def spent_out(self) -> bool:
        return self.budget is not None and self.spent >= self.budget

    def left_for(self, currency: str) -> int | None:
        """What the budget still allows in ``currency`` (None: no cap; spend is kept in its own currency)."""
        if self.budget is None or currency != self.currency:
            return None
        return max(0, self.budget - self.spent)

    def details(self) -> CampaignDetails:
        return CampaignDetails(
            id=self.id,
            name=self.name,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            budget=self.budget,
            currency=self.currency,
            spent=self.spent,
            active=self.active,
            created_at=self.created_at,
            updated_at=self.updated_at,
        )

    def changed(self) -> None:
        self.events.append(CampaignChanged(campaign_id=self.id, campaign=self.details()))

    def removed(self) -> None:
        self.events.append(CampaignChanged(campaign_id=self.id, campaign=None))


@dataclass
class Promotion:
    id: UUID
    name: str
    kind: Kind
    currency: str
    created_at: datetime
    updated_at: datetime
    value: Decimal | None = None
    buy: int | None = None
    get: int | None = None
    get_percent: int = 100
    tiers: tuple[Step, ...] = ()
    variants: tuple[Arm, ...] = ()
    targeting: Targeting = Targeting()
    coupon_required: bool = False
    exclusive: bool = False
    priority: int = 0
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    usage_limit: int | None = None
    per_customer_limit: int | None = None
    used: int = 0
    campaign_id: UUID | None = None
    active: bool = True
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @property
    def uses_amounts(self) -> bool:
        """Whether the promotion counts money in its own currency (so applies only to it)."""
        return self.kind == "fixed" or bool(self.tiers) or self.targeting.min_subtotal is not None

    def deactivate(self, now: datetime) -> None:
        self.active = False
        self.changed(now)

    def changed(self, now: datetime) -> None:
        self.updated_at = now
        self.events.append(PromotionChanged(promotion_id=self.id, promotion=self.details()))

    def details(self) -> PromotionDetails:
        t = self.targeting
        return PromotionDetails(
            id=self.id,
            name=self.name,
            kind=self.kind,
            value=None if self.value is None else str(self.value),
            currency=self.currency,
            buy=self.buy,
            get=self.get,
            get_percent=self.get_percent,
            tiers=[Tier(min_subtotal=s.min_subtotal, value=str(s.value)) for s in self.tiers],
            variants=[
                VariantSpec(name=a.name, weight=a.weight, value=None if a.value is None else str(a.value))
                for a in self.variants
            ],
            conditions=Conditions(
                min_subtotal=t.min_subtotal,
                skus=sorted(t.skus),
                categories=sorted(t.categories),
                brands=sorted(t.brands),
                segments=sorted(t.segments),
                first_order=t.first_order,
                currencies=sorted(t.currencies),
            ),
            coupon_required=self.coupon_required,
            exclusive=self.exclusive,
            priority=self.priority,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            usage_limit=self.usage_limit,
            per_customer_limit=self.per_customer_limit,
            used=self.used,
            campaign_id=self.campaign_id,
            active=self.active,
            created_at=self.created_at,
            updated_at=self.updated_at,
        )
