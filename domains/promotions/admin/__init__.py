"""Staff routes of promotions: promotions with their coupons and report, campaigns."""

from __future__ import annotations

from domains.promotions.admin.campaigns import CampaignAdminController
from domains.promotions.admin.promotions import PromotionAdminController

ROUTES = [PromotionAdminController, CampaignAdminController]

__all__ = ["ROUTES"]
