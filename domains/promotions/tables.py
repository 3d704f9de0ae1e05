"""The promotions domain's Piccolo tables; CHECKs and partial indexes live in its migrations.

``used`` columns are written only by the redemption store's conditional UPDATEs.
"""

from __future__ import annotations

from piccolo.columns import (
    JSONB,
    UUID,
    Array,
    BigInt,
    BigSerial,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table


class PromotionsCampaign(Table, tablename="promotions_campaign"):
    id = UUID(primary_key=True)
    name = Varchar(length=200)
    starts_at = Timestamptz(null=True, default=None)
    ends_at = Timestamptz(null=True, default=None)
    budget = BigInt(null=True, default=None)
    currency = Varchar(length=3)
    spent = BigInt(default=0)
    active = Boolean(default=True)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class PromotionsPromotion(Table, tablename="promotions_promotion"):
    id = UUID(primary_key=True)
    name = Varchar(length=200)
    kind = Varchar(length=20)
    value = Varchar(length=40, null=True, default=None)
    currency = Varchar(length=3)
    buy = Integer(null=True, default=None)
    get = Integer(null=True, default=None)
    get_percent = Integer(default=100)
    tiers = JSONB(default=[])
    variants = JSONB(default=[])
    conditions = JSONB(default={})
    coupon_required = Boolean(default=False)
    exclusive = Boolean(default=False)
    priority = Integer(default=0)
    starts_at = Timestamptz(null=True, default=None)
    ends_at = Timestamptz(null=True, default=None)
    usage_limit = Integer(null=True, default=None)
    per_customer_limit = Integer(null=True, default=None)
    used = Integer(default=0)
    campaign = ForeignKey(
        references=PromotionsCampaign, null=True, on_delete=OnDelete.set_null, db_column_name="campaign_id"
    )
    active = Boolean(default=True)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class PromotionsCoupon(Table, tablename="promotions_coupon"):
    id = UUID(primary_key=True)
    promotion = ForeignKey(
        references=PromotionsPromotion, on_delete=OnDelete.cascade, db_column_name="promotion_id"
    )
    code = Varchar(length=64, unique=True)
    usage_limit = Integer(null=True, default=None)
    used = Integer(default=0)
    created_at = Timestamptz()


class PromotionsRedemption(Table, tablename="promotions_redemption"):
    id = UUID(primary_key=True)
    order_id = UUID()
    promotion = ForeignKey(
        references=PromotionsPromotion, on_delete=OnDelete.cascade, db_column_name="promotion_id"
    )
    coupon = ForeignKey(
        references=PromotionsCoupon, null=True, on_delete=OnDelete.cascade, db_column_name="coupon_id"
    )
    code = Varchar(length=64, null=True, default=None)
    customer_id = UUID(null=True, default=None)
    variant = Varchar(length=50, null=True, default=None)
    amount = BigInt(default=0)
    currency = Varchar(length=3)
    campaign_id = UUID(null=True, default=None)
    emails = Array(base_column=Varchar(length=320), default=[])
    created_at = Timestamptz()
    released_at = Timestamptz(null=True, default=None)


class PromotionsCustomerUse(Table, tablename="promotions_customer_use"):
    id = BigSerial(primary_key=True)
    promotion = ForeignKey(
        references=PromotionsPromotion, on_delete=OnDelete.cascade, db_column_name="promotion_id"
    )
    customer_id = UUID()
    used = Integer(default=0)


class PromotionsEmailUse(Table, tablename="promotions_email_use"):
    """A shopper's uses of a per-customer-limited promotion counted by normalised email, guests included."""

    id = BigSerial(primary_key=True)
    promotion = ForeignKey(
        references=PromotionsPromotion, on_delete=OnDelete.cascade, db_column_name="promotion_id"
    )
    email = Varchar(length=320)
    used = Integer(default=0)


class PromotionsExposure(Table, tablename="promotions_exposure"):
    id = BigSerial(primary_key=True)
    promotion = ForeignKey(
        references=PromotionsPromotion, on_delete=OnDelete.cascade, db_column_name="promotion_id"
    )
    variant = Varchar(length=50, default="")
    seen = BigInt(default=0)


TABLES: list[type[Table]] = [
    PromotionsCampaign,
    PromotionsPromotion,
    PromotionsCoupon,
    PromotionsRedemption,
    PromotionsCustomerUse,
    PromotionsEmailUse,
    PromotionsExposure,
]
