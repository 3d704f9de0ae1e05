"""The promotions domain: promotions and campaigns, coupons and their use, A/B tests, evaluation."""

from __future__ import annotations

from datetime import UTC, datetime

from core.domain import Domain, Runtime
from domains.promotions import admin, api
from domains.promotions.handlers import HANDLERS, SUBSCRIPTIONS
from domains.promotions.messages import MESSAGES
from domains.promotions.ports import PromotionsDeps
from domains.promotions.repository import (
    PgCampaignRepository,
    PgCouponRepository,
    PgPromotionRepository,
    PgRedemptionStore,
)
from domains.promotions.tables import TABLES


def bootstrap(runtime: Runtime) -> PromotionsDeps:
    return PromotionsDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        promotions=PgPromotionRepository(),
        campaigns=PgCampaignRepository(),
        coupons=PgCouponRepository(),
        redemptions=PgRedemptionStore(),
        clock=lambda: datetime.now(UTC),
        default_currency=runtime.settings.default_currency,
        coupons_per_order=runtime.settings.coupons_per_order,
    )


domain = Domain(
    name="promotions",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
)

__all__ = ["domain"]
