"""The promotions domain: promotions and campaigns, coupons and their use, A/B tests, evaluation.

``domain`` is built on first use: importing this package's ``messages``, as other
domains do, loads nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from core.domain import Domain, Runtime

if TYPE_CHECKING:
    from domains.promotions.ports import PromotionsDeps


def bootstrap(runtime: Runtime) -> PromotionsDeps:
    from domains.promotions.ports import PromotionsDeps
    from domains.promotions.repository import (
        PgCampaignRepository,
        PgCouponRepository,
        PgPromotionRepository,
        PgRedemptionStore,
    )

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


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.promotions import admin, api
    from domains.promotions.handlers import HANDLERS, SUBSCRIPTIONS
    from domains.promotions.messages import MESSAGES
    from domains.promotions.tables import TABLES

    return Domain(
        name="promotions",
        messages=MESSAGES,
        handlers=HANDLERS,
        subscriptions=SUBSCRIPTIONS,
        routes=[*api.ROUTES, *admin.ROUTES],
        tables=TABLES,
        bootstrap=bootstrap,
    )


def __getattr__(name: str) -> Any:
    if name == "domain":
        return registration()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["domain"]
