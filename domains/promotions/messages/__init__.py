"""The promotions domain's public contract: the one module other domains import.

Split by aggregate: ``evaluation`` (the query pricing asks), ``promotions``,
``campaigns`` and ``coupons`` (codes and their redemption).
"""

from __future__ import annotations

from core.messages import declared_in
from domains.promotions.messages import campaigns, coupons, evaluation, promotions
from domains.promotions.messages.campaigns import (
    CampaignChanged,
    CampaignDetails,
    CampaignPage,
    CreateCampaign,
    DeleteCampaign,
    GetCampaign,
    ListCampaigns,
    UpdateCampaign,
)
from domains.promotions.messages.coupons import (
    CouponDetails,
    CouponPage,
    CouponsRedeemed,
    CouponsReleased,
    CreateCoupon,
    GenerateCoupons,
    GeneratedCoupons,
    ListCoupons,
    RedeemCoupons,
    Redemption,
    ReleaseCoupons,
)
from domains.promotions.messages.evaluation import (
    AppliedPromotion,
    EvaluatePromotions,
    PromotionLine,
    PromotionResult,
    Reason,
    RejectedCoupon,
)
from domains.promotions.messages.promotions import (
    Conditions,
    CreatePromotion,
    DeactivatePromotion,
    GetPromotion,
    GetPromotionReport,
    Kind,
    ListPromotions,
    PromotionChanged,
    PromotionDetails,
    PromotionPage,
    PromotionReport,
    Tier,
    UpdatePromotion,
    VariantReport,
    VariantSpec,
)

COMMANDS, QUERIES, EVENTS = declared_in(promotions, campaigns, coupons, evaluation)
MESSAGES = (*COMMANDS, *QUERIES, *EVENTS)

__all__ = [
    "COMMANDS",
    "EVENTS",
    "MESSAGES",
    "QUERIES",
    "AppliedPromotion",
    "CampaignChanged",
    "CampaignDetails",
    "CampaignPage",
    "Conditions",
    "CouponDetails",
    "CouponPage",
    "CouponsRedeemed",
    "CouponsReleased",
    "CreateCampaign",
    "CreateCoupon",
    "CreatePromotion",
    "DeactivatePromotion",
    "DeleteCampaign",
    "EvaluatePromotions",
    "GenerateCoupons",
    "GeneratedCoupons",
    "GetCampaign",
    "GetPromotion",
    "GetPromotionReport",
    "Kind",
    "ListCampaigns",
    "ListCoupons",
    "ListPromotions",
    "PromotionChanged",
    "PromotionDetails",
    "PromotionLine",
    "PromotionPage",
    "PromotionReport",
    "PromotionResult",
    "Reason",
    "RedeemCoupons",
    "Redemption",
    "RejectedCoupon",
    "ReleaseCoupons",
    "Tier",
    "UpdateCampaign",
    "UpdatePromotion",
    "VariantReport",
    "VariantSpec",
]
