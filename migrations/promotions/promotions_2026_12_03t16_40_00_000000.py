"""Campaigns, promotions, coupons, their redemptions and the A/B exposure counters.

The CHECKs are the last guard of coupon use: no count ever passes its limit.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-03T16:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "campaigns, promotions, coupons, redemptions, exposures"

forwards = sql_migration(
    migration_id=ID,
    app="promotions",
    description=DESCRIPTION,
    up="""
CREATE TABLE promotions_campaign (
    id UUID PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    starts_at TIMESTAMPTZ,
    ends_at TIMESTAMPTZ,
    budget BIGINT CHECK (budget > 0),
    currency VARCHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    spent BIGINT NOT NULL DEFAULT 0 CHECK (spent >= 0),
    active BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at)
);
CREATE TABLE promotions_promotion (
    id UUID PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    kind VARCHAR(20) NOT NULL CHECK (kind IN ('percentage', 'fixed', 'free_shipping', 'buy_x_get_y')),
    value VARCHAR(40),
    currency VARCHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    buy INTEGER CHECK (buy >= 1),
    get INTEGER CHECK (get >= 1),
    get_percent INTEGER NOT NULL DEFAULT 100 CHECK (get_percent BETWEEN 1 AND 100),
    tiers JSONB NOT NULL DEFAULT '[]',
    variants JSONB NOT NULL DEFAULT '[]',
    conditions JSONB NOT NULL DEFAULT '{}',
    coupon_required BOOLEAN NOT NULL DEFAULT false,
    exclusive BOOLEAN NOT NULL DEFAULT false,
    priority INTEGER NOT NULL DEFAULT 0,
    starts_at TIMESTAMPTZ,
    ends_at TIMESTAMPTZ,
    usage_limit INTEGER CHECK (usage_limit >= 1),
    per_customer_limit INTEGER CHECK (per_customer_limit >= 1),
    used INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0 AND (usage_limit IS NULL OR used <= usage_limit)),
    campaign_id UUID REFERENCES promotions_campaign (id) ON DELETE SET NULL,
    active BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX promotions_promotion_automatic ON promotions_promotion (priority) WHERE active AND NOT coupon_required;
CREATE INDEX promotions_promotion_campaign ON promotions_promotion (campaign_id);
CREATE INDEX promotions_promotion_listing ON promotions_promotion (created_at, id);
CREATE TABLE promotions_coupon (
    id UUID PRIMARY KEY,
    promotion_id UUID NOT NULL REFERENCES promotions_promotion (id) ON DELETE CASCADE,
    code VARCHAR(64) NOT NULL UNIQUE CHECK (code = upper(code)),
    usage_limit INTEGER CHECK (usage_limit >= 1),
    used INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0 AND (usage_limit IS NULL OR used <= usage_limit)),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX promotions_coupon_promotion ON promotions_coupon (promotion_id, code);
CREATE TABLE promotions_redemption (
    id UUID PRIMARY KEY,
    order_id UUID NOT NULL,
    promotion_id UUID NOT NULL REFERENCES promotions_promotion (id) ON DELETE CASCADE,
    coupon_id UUID REFERENCES promotions_coupon (id) ON DELETE CASCADE,
    code VARCHAR(64),
    customer_id UUID,
    variant VARCHAR(50),
    amount BIGINT NOT NULL DEFAULT 0 CHECK (amount >= 0),
    currency VARCHAR(3) NOT NULL,
    campaign_id UUID,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    released_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX promotions_redemption_order_coupon ON promotions_redemption (order_id, coupon_id);
CREATE UNIQUE INDEX promotions_redemption_order_automatic ON promotions_redemption (order_id, promotion_id)
    WHERE coupon_id IS NULL;
CREATE INDEX promotions_redemption_promotion ON promotions_redemption (promotion_id, variant);
CREATE INDEX promotions_redemption_customer ON promotions_redemption (customer_id, promotion_id);
CREATE TABLE promotions_customer_use (
    id BIGSERIAL PRIMARY KEY,
    promotion_id UUID NOT NULL REFERENCES promotions_promotion (id) ON DELETE CASCADE,
    customer_id UUID NOT NULL,
    used INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0),
    UNIQUE (promotion_id, customer_id)
);
CREATE TABLE promotions_exposure (
    id BIGSERIAL PRIMARY KEY,
    promotion_id UUID NOT NULL REFERENCES promotions_promotion (id) ON DELETE CASCADE,
    variant VARCHAR(50) NOT NULL DEFAULT '',
    seen BIGINT NOT NULL DEFAULT 0,
    UNIQUE (promotion_id, variant)
)
""",
    down="""
DROP TABLE promotions_exposure;
DROP TABLE promotions_customer_use;
DROP TABLE promotions_redemption;
DROP TABLE promotions_coupon;
DROP TABLE promotions_promotion;
DROP TABLE promotions_campaign
""",
)
