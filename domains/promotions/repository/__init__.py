"""The PostgreSQL implementations of the promotions stores."""

from __future__ import annotations

from domains.promotions.repository.coupons import PgCouponRepository
from domains.promotions.repository.promotions import PgCampaignRepository, PgPromotionRepository
from domains.promotions.repository.redemptions import PgRedemptionStore

__all__ = ["PgCampaignRepository", "PgCouponRepository", "PgPromotionRepository", "PgRedemptionStore"]
