"""In-memory stand-ins for the promotions ports, subclassing them."""

from __future__ import annotations

import copy
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from uuid import UUID

import msgspec

from domains.catalog.messages import GetVariantsBySku
from domains.promotions.messages import VariantReport
from domains.promotions.model.coupons import Coupon
from domains.promotions.model.promotions import Campaign, Promotion
from domains.promotions.ports import (
    CampaignRepository,
    CouponRepository,
    Position,
    PromotionRepository,
    PromotionsDeps,
    RedemptionStore,
    Use,
)
from tests.support.fakes import AnsweringBus, Transactions


class Facts(msgspec.Struct, frozen=True):
    sku: str


class Catalogue(AnsweringBus):
    """A bus that answers the catalogue's SKU query from a set of known SKUs."""

    def __init__(self, *skus: str) -> None:
        super().__init__(
            {GetVariantsBySku: lambda query: [Facts(sku) for sku in query.skus if sku in self.skus]}
        )
        self.skus = set(skus)


class InMemoryPromotions(PromotionRepository):
    def __init__(self) -> None:
        self.rows: dict[UUID, Promotion] = {}

    async def get(self, promotion_id: UUID) -> Promotion | None:
        return copy.deepcopy(self.rows.get(promotion_id))

    async def get_many(self, promotion_ids: Collection[UUID]) -> dict[UUID, Promotion]:
        return {i: copy.deepcopy(self.rows[i]) for i in promotion_ids if i in self.rows}

    async def automatic(self, now: datetime) -> list[Promotion]:
        return [copy.deepcopy(p) for p in self.rows.values() if p.active and not p.coupon_required]

    async def add(self, promotion: Promotion) -> None:
        self.rows[promotion.id] = copy.deepcopy(promotion)

    async def save(self, promotion: Promotion) -> None:
        self.rows[promotion.id] = copy.deepcopy(promotion)

    async def page(
        self, active: bool | None, limit: int, after: Position | None
    ) -> tuple[list[Promotion], Position | None]:
        return [p for p in self.rows.values() if active is None or p.active == active][:limit], None


class InMemoryCampaigns(CampaignRepository):
    def __init__(self) -> None:
        self.rows: dict[UUID, Campaign] = {}

    async def get(self, campaign_id: UUID) -> Campaign | None:
        return copy.deepcopy(self.rows.get(campaign_id))

    async def get_many(self, campaign_ids: Collection[UUID]) -> dict[UUID, Campaign]:
        return {i: copy.deepcopy(self.rows[i]) for i in campaign_ids if i in self.rows}

    async def add(self, campaign: Campaign) -> None:
        self.rows[campaign.id] = copy.deepcopy(campaign)

    async def save(self, campaign: Campaign) -> None:
        self.rows[campaign.id] = copy.deepcopy(campaign)

    async def delete(self, campaign: Campaign) -> None:
        del self.rows[campaign.id]

    async def page(self, limit: int, after: Position | None) -> tuple[list[Campaign], Position | None]:
        return list(self.rows.values())[:limit], None


class InMemoryCoupons(CouponRepository):
    def __init__(self) -> None:
        self.rows: dict[str, Coupon] = {}

    async def add(self, *coupons: Coupon) -> None:
        self.rows.update({c.code: c for c in coupons})

    async def find(self, codes: Collection[str]) -> dict[str, Coupon]:
        return {code: self.rows[code] for code in codes if code in self.rows}

    async def page(
        self, promotion_id: UUID, limit: int, after: Position | None
    ) -> tuple[list[Coupon], Position | None]:
        return [c for c in self.rows.values() if c.promotion_id == promotion_id][:limit], None


class InMemoryRedemptions(RedemptionStore):
    """Only what evaluation needs: shopper use counts (by customer id, by email) and exposure counting."""

    def __init__(self) -> None:
        self.exposures: list[list[tuple[UUID, str | None]]] = []
        self.by_customer: dict[tuple[UUID, UUID], int] = {}
        self.by_email: dict[tuple[UUID, str], int] = {}

    async def claim(
        self, order_id: UUID, customer_id: UUID | None, emails: Sequence[str], currency: str, use: Use
    ) -> bool:
        raise NotImplementedError  # redemption is tested against PostgreSQL

    async def take_coupon(self, coupon_id: UUID) -> bool:
        raise NotImplementedError

    async def take_promotion(self, promotion_id: UUID) -> bool:
        raise NotImplementedError

    async def take_customer(self, promotion_id: UUID, customer_id: UUID, limit: int) -> bool:
        raise NotImplementedError

    async def take_email(self, promotion_id: UUID, email: str, limit: int) -> bool:
        raise NotImplementedError

    async def spend(self, campaign_id: UUID, amount: int) -> bool:
        raise NotImplementedError

    async def release(self, order_id: UUID) -> list[str] | None:
        raise NotImplementedError

    async def customer_uses(self, customer_id: UUID, promotion_ids: Collection[UUID]) -> dict[UUID, int]:
        return {
            p: self.by_customer[p, customer_id] for p in promotion_ids if (p, customer_id) in self.by_customer
        }

    async def email_uses(self, emails: Collection[str], promotion_ids: Collection[UUID]) -> dict[UUID, int]:
        found = {p: max((self.by_email.get((p, e), 0) for e in emails), default=0) for p in promotion_ids}
        return {p: n for p, n in found.items() if n}

    async def codes_of(self, order_id: UUID) -> list[str] | None:
        return None

    async def expose(self, seen: Collection[tuple[UUID, str | None]]) -> None:
        self.exposures.append(list(seen))

    async def report(self, promotion_id: UUID) -> list[VariantReport]:
        return []


def deps(*known_skus: str) -> PromotionsDeps:
    return PromotionsDeps(
        uow=Transactions(),
        bus=Catalogue(*known_skus),  # type: ignore[arg-type]
        promotions=InMemoryPromotions(),
        campaigns=InMemoryCampaigns(),
        coupons=InMemoryCoupons(),
        redemptions=InMemoryRedemptions(),
        clock=lambda: datetime(2026, 12, 1, 12, tzinfo=UTC),
    )
