"""What the promotions handlers need: their stores, the bus, a clock and two settings.

Stores run their queries in the unit of work open when they are called. The
redemption store's ``take_*`` methods are the PostgreSQL guards of coupon use:
each is one conditional UPDATE that says whether a use was left.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from core.bus import MessageBus
    from core.uow import UnitOfWorkFactory
    from domains.promotions.messages import VariantReport
    from domains.promotions.model.coupons import Coupon
    from domains.promotions.model.promotions import Campaign, Promotion

Position = list[Any]


class PromotionRepository(Protocol):
    async def get(self, promotion_id: UUID) -> Promotion | None: ...

    async def get_many(self, promotion_ids: Collection[UUID]) -> dict[UUID, Promotion]: ...

    async def automatic(self, now: datetime) -> list[Promotion]:
        """Active promotions needing no coupon whose window holds ``now``."""
        ...

    async def add(self, promotion: Promotion) -> None: ...

    async def save(self, promotion: Promotion) -> None:
        """Store staff's changes; the use count is the redemption store's alone."""
        ...

    async def page(
        self, active: bool | None, limit: int, after: Position | None
    ) -> tuple[list[Promotion], Position | None]: ...


class CampaignRepository(Protocol):
    async def get(self, campaign_id: UUID) -> Campaign | None: ...

    async def get_many(self, campaign_ids: Collection[UUID]) -> dict[UUID, Campaign]: ...

    async def add(self, campaign: Campaign) -> None: ...

    async def save(self, campaign: Campaign) -> None: ...

    async def delete(self, campaign: Campaign) -> None: ...

    async def page(self, limit: int, after: Position | None) -> tuple[list[Campaign], Position | None]: ...


class CouponRepository(Protocol):
    async def add(self, *coupons: Coupon) -> None:
        """Store new coupons; ``Conflict`` naming ``code`` if one is taken."""
        ...

    async def find(self, codes: Collection[str]) -> dict[str, Coupon]:
        """The coupons of these (upper-case) codes, for those that exist."""
        ...

    async def page(
        self, promotion_id: UUID, limit: int, after: Position | None
    ) -> tuple[list[Coupon], Position | None]: ...


@dataclass(frozen=True)
class Use:
    """One use an order takes: of a promotion, through a coupon or automatically."""

    promotion_id: UUID
    name: str
    coupon_id: UUID | None
    code: str | None
    variant: str | None
    amount: int
    campaign_id: UUID | None
    per_customer_limit: int | None


class RedemptionStore(Protocol):
    async def claim(
        self, order_id: UUID, customer_id: UUID | None, emails: Sequence[str], currency: str, use: Use
    ) -> bool:
        """Record ``use`` for the order and its shopper; False if the order already recorded it."""
        ...

    async def take_coupon(self, coupon_id: UUID) -> bool: ...

    async def take_promotion(self, promotion_id: UUID) -> bool: ...

    async def take_customer(self, promotion_id: UUID, customer_id: UUID, limit: int) -> bool: ...

    async def take_email(self, promotion_id: UUID, email: str, limit: int) -> bool:
        """One use by this (normalised) email, guest or customer; False if it has ``limit`` already."""
        ...

    async def spend(self, campaign_id: UUID, amount: int) -> bool:
        """Add ``amount`` to the campaign's spend; False (nothing done) if that would pass its budget."""
        ...

    async def release(self, order_id: UUID) -> list[str] | None:
        """Mark the order's uses released and give back every count they took.

        The codes released now, or None when nothing was left to release.
        """
        ...

    async def customer_uses(self, customer_id: UUID, promotion_ids: Collection[UUID]) -> dict[UUID, int]: ...

    async def email_uses(self, emails: Collection[str], promotion_ids: Collection[UUID]) -> dict[UUID, int]:
        """Each promotion's most uses by any of these emails."""
        ...

    async def codes_of(self, order_id: UUID) -> list[str] | None:
        """The codes the order redeemed, or None if it redeemed nothing yet."""
        ...

    async def expose(self, seen: Collection[tuple[UUID, str | None]]) -> None:
        """Count one exposure of each (promotion, variant), in one statement."""
        ...

    async def report(self, promotion_id: UUID) -> list[VariantReport]: ...


@dataclass(frozen=True)
class PromotionsDeps:
    """The second argument of every promotions handler."""

    uow: UnitOfWorkFactory
    bus: MessageBus
    promotions: PromotionRepository
    campaigns: CampaignRepository
    coupons: CouponRepository
    redemptions: RedemptionStore
    clock: Callable[[], datetime]
    default_currency: str = "EUR"
    coupons_per_order: int = 1
