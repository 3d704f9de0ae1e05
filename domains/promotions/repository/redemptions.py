"""Coupon use guarded in PostgreSQL: each count moves by one conditional UPDATE that says if a use was left.

Under READ COMMITTED a concurrent UPDATE of the same row waits for the first
to commit and then re-checks its WHERE clause, so no limit is ever passed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from domains.promotions.messages import VariantReport
from domains.promotions.tables import PromotionsRedemption

if TYPE_CHECKING:
    from domains.promotions.ports import Use

R = PromotionsRedemption

CLAIM = """
INSERT INTO promotions_redemption
    (id, order_id, promotion_id, coupon_id, code, customer_id, variant, amount, currency, campaign_id, emails)
VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}::text[])
ON CONFLICT DO NOTHING RETURNING id"""
TAKE_COUPON = """
UPDATE promotions_coupon SET used = used + 1
WHERE id = {} AND (usage_limit IS NULL OR used < usage_limit) RETURNING id"""
TAKE_PROMOTION = """
UPDATE promotions_promotion SET used = used + 1
WHERE id = {} AND (usage_limit IS NULL OR used < usage_limit) RETURNING id"""
TAKE_CUSTOMER = """
INSERT INTO promotions_customer_use AS u (promotion_id, customer_id, used) VALUES ({}, {}, 1)
ON CONFLICT (promotion_id, customer_id) DO UPDATE SET used = u.used + 1 WHERE u.used < {}
RETURNING u.id"""
TAKE_EMAIL = """
INSERT INTO promotions_email_use AS u (promotion_id, email, used) VALUES ({}, {}, 1)
ON CONFLICT (promotion_id, email) DO UPDATE SET used = u.used + 1 WHERE u.used < {}
RETURNING u.id"""
SPEND = """
UPDATE promotions_campaign SET spent = spent + {}
WHERE id = {} AND (budget IS NULL OR spent + {} <= budget) RETURNING id"""
RELEASE = """
UPDATE promotions_redemption SET released_at = now()
WHERE order_id = {} AND released_at IS NULL
RETURNING promotion_id, coupon_id, code, customer_id, amount, campaign_id, emails"""
GIVE_BACK = """
WITH gone AS (SELECT unnest({}::uuid[]) AS promotion_id, unnest({}::uuid[]) AS coupon_id,
                     unnest({}::uuid[]) AS customer_id, unnest({}::bigint[]) AS amount,
                     unnest({}::uuid[]) AS campaign_id),
by_email AS (SELECT unnest({}::uuid[]) AS promotion_id, unnest({}::text[]) AS email),
coupons AS (UPDATE promotions_coupon c SET used = greatest(c.used - g.n, 0)
            FROM (SELECT coupon_id, count(*) AS n FROM gone WHERE coupon_id IS NOT NULL GROUP BY 1) g
            WHERE c.id = g.coupon_id RETURNING 1),
promotions AS (UPDATE promotions_promotion p SET used = greatest(p.used - g.n, 0)
               FROM (SELECT promotion_id, count(*) AS n FROM gone GROUP BY 1) g
               WHERE p.id = g.promotion_id RETURNING 1),
customers AS (UPDATE promotions_customer_use u SET used = greatest(u.used - g.n, 0)
              FROM (SELECT promotion_id, customer_id, count(*) AS n FROM gone
                    WHERE customer_id IS NOT NULL GROUP BY 1, 2) g
              WHERE u.promotion_id = g.promotion_id AND u.customer_id = g.customer_id RETURNING 1),
emails AS (UPDATE promotions_email_use u SET used = greatest(u.used - g.n, 0)
           FROM (SELECT promotion_id, email, count(*) AS n FROM by_email GROUP BY 1, 2) g
           WHERE u.promotion_id = g.promotion_id AND u.email = g.email RETURNING 1)
UPDATE promotions_campaign k SET spent = greatest(k.spent - g.total, 0)
FROM (SELECT campaign_id, sum(amount) AS total FROM gone WHERE campaign_id IS NOT NULL GROUP BY 1) g
WHERE k.id = g.campaign_id"""
EXPOSE = """
INSERT INTO promotions_exposure AS e (promotion_id, variant, seen)
SELECT p, v, 1 FROM unnest({}::uuid[], {}::text[]) AS s (p, v)
ON CONFLICT (promotion_id, variant) DO UPDATE SET seen = e.seen + 1"""
REPORT = """
SELECT coalesce(e.variant, r.variant) AS variant, coalesce(e.seen, 0) AS exposures,
       coalesce(r.conversions, 0) AS conversions, coalesce(r.discount, 0) AS discount
FROM (SELECT variant, seen FROM promotions_exposure WHERE promotion_id = {}) e
FULL JOIN (SELECT coalesce(variant, '') AS variant, count(DISTINCT order_id) AS conversions,
                  sum(amount) AS discount
           FROM promotions_redemption WHERE promotion_id = {} AND released_at IS NULL GROUP BY 1) r
  ON r.variant = e.variant
ORDER BY 1"""
CUSTOMER_USES = """
SELECT promotion_id, used FROM promotions_customer_use WHERE customer_id = {} AND promotion_id = any({}::uuid[])"""
EMAIL_USES = """
SELECT promotion_id, max(used) AS used FROM promotions_email_use
WHERE email = any({}::text[]) AND promotion_id = any({}::uuid[]) GROUP BY 1"""


async def _sql(sql: str, *args: Any) -> list[dict[str, Any]]:
    return list(await R.raw(sql, *args))


class PgRedemptionStore:
    async def claim(
        self, order_id: UUID, customer_id: UUID | None, emails: Sequence[str], currency: str, use: Use
    ) -> bool:
        args = (use.promotion_id, use.coupon_id, use.code, customer_id, use.variant, use.amount, currency)
        return bool(await _sql(CLAIM, uuid4(), order_id, *args, use.campaign_id, list(emails)))

    async def take_coupon(self, coupon_id: UUID) -> bool:
        return bool(await _sql(TAKE_COUPON, coupon_id))

    async def take_promotion(self, promotion_id: UUID) -> bool:
        return bool(await _sql(TAKE_PROMOTION, promotion_id))

    async def take_customer(self, promotion_id: UUID, customer_id: UUID, limit: int) -> bool:
        return bool(await _sql(TAKE_CUSTOMER, promotion_id, customer_id, limit))

    async def take_email(self, promotion_id: UUID, email: str, limit: int) -> bool:
        return bool(await _sql(TAKE_EMAIL, promotion_id, email, limit))

    async def spend(self, campaign_id: UUID, amount: int) -> bool:
        return bool(await _sql(SPEND, amount, campaign_id, amount))

    async def release(self, order_id: UUID) -> list[str] | None:
        gone = await _sql(RELEASE, order_id)
        if not gone:
            return None
        columns = ("promotion_id", "coupon_id", "customer_id", "amount", "campaign_id")
        by_email = [(row["promotion_id"], email) for row in gone for email in row["emails"]]
        await _sql(
            GIVE_BACK,
            *([row[c] for row in gone] for c in columns),
            [promotion_id for promotion_id, _ in by_email],
            [email for _, email in by_email],
        )
        return sorted(row["code"] for row in gone if row["code"])

    async def customer_uses(self, customer_id: UUID, promotion_ids: Collection[UUID]) -> dict[UUID, int]:
        rows = await _sql(CUSTOMER_USES, customer_id, list(promotion_ids))
        return {row["promotion_id"]: row["used"] for row in rows}

    async def email_uses(self, emails: Collection[str], promotion_ids: Collection[UUID]) -> dict[UUID, int]:
        rows = await _sql(EMAIL_USES, list(emails), list(promotion_ids))
        return {row["promotion_id"]: row["used"] for row in rows}

    async def codes_of(self, order_id: UUID) -> list[str] | None:
        rows = await R.select(R.code).where(R.order_id == order_id)
        return sorted(row["code"] for row in rows if row["code"]) if rows else None

    async def expose(self, seen: Collection[tuple[UUID, str | None]]) -> None:
        await _sql(EXPOSE, [p for p, _ in seen], [v or "" for _, v in seen])

    async def report(self, promotion_id: UUID) -> list[VariantReport]:
        rows = await _sql(REPORT, promotion_id, promotion_id)
        return [
            VariantReport(
                variant=row["variant"] or None,
                exposures=int(row["exposures"]),
                conversions=int(row["conversions"]),
                discount=int(row["discount"]),
            )
            for row in rows
        ]
