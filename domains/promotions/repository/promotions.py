"""The promotion and campaign stores on PostgreSQL (Piccolo), inside the open unit of work."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

import msgspec

from adapters.db.engine import fetch
from core.errors import Conflict, FieldError
from core.paging import time_and_id
from domains.promotions.messages import Conditions
from domains.promotions.model.promotions import Arm, Campaign, Promotion, Step, Targeting
from domains.promotions.tables import PromotionsCampaign, PromotionsPromotion

if TYPE_CHECKING:
    from piccolo.columns import Column

    from domains.promotions.ports import Position

P, C = PromotionsPromotion, PromotionsCampaign
JSON_COLUMNS = ("tiers", "variants", "conditions")
# Hand-written: read on every quote, where building the Piccolo query cost more than running it.
AUTOMATIC = """
SELECT * FROM promotions_promotion
WHERE active AND NOT coupon_required
  AND (starts_at IS NULL OR starts_at <= $1) AND (ends_at IS NULL OR ends_at > $1)"""


def after_clause(created: Column, key: Column, after: Position | None) -> Any:
    """Rows after the (created_at, id) position of a previous page."""
    if after is None:
        return None
    at, last = time_and_id(list(after))
    return (created > at) | ((created == at) & (key > last))


def position(rows: list[Any], limit: int) -> Position | None:
    return [rows[limit - 1].created_at.isoformat(), str(rows[limit - 1].id)] if len(rows) > limit else None


def _row(p: Promotion) -> dict[str, Any]:
    details = p.details()
    return {
        "name": p.name,
        "kind": p.kind,
        "value": details.value,
        "currency": p.currency,
        "buy": p.buy,
        "get": p.get,
        "get_percent": p.get_percent,
        "tiers": msgspec.to_builtins(details.tiers),
        "variants": msgspec.to_builtins(details.variants),
        "conditions": msgspec.to_builtins(details.conditions),
        "coupon_required": p.coupon_required,
        "exclusive": p.exclusive,
        "priority": p.priority,
        "starts_at": p.starts_at,
        "ends_at": p.ends_at,
        "usage_limit": p.usage_limit,
        "per_customer_limit": p.per_customer_limit,
        "campaign": p.campaign_id,
        "active": p.active,
        "updated_at": p.updated_at,
    }


def _loaded(record: Any) -> dict[str, Any]:
    """A raw row as Piccolo's ``load_json`` output gives it: JSONB columns decoded."""
    row = dict(record)
    for name in JSON_COLUMNS:
        if isinstance(row[name], str | bytes):
            row[name] = msgspec.json.decode(row[name])
    return row


def _promotion(row: dict[str, Any]) -> Promotion:
    c = msgspec.convert(row["conditions"], Conditions)
    return Promotion(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        currency=row["currency"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        value=None if row["value"] is None else Decimal(row["value"]),
        buy=row["buy"],
        get=row["get"],
        get_percent=row["get_percent"],
        tiers=tuple(Step(min_subtotal=t["min_subtotal"], value=Decimal(t["value"])) for t in row["tiers"]),
        variants=tuple(
            Arm(
                name=v["name"],
                weight=v["weight"],
                value=None if v.get("value") is None else Decimal(v["value"]),
            )
            for v in row["variants"]
        ),
        targeting=Targeting(
            min_subtotal=c.min_subtotal,
            skus=frozenset(c.skus),
            categories=frozenset(c.categories),
            brands=frozenset(c.brands),
            segments=frozenset(c.segments),
            first_order=c.first_order,
            currencies=frozenset(c.currencies),
        ),
        coupon_required=row["coupon_required"],
        exclusive=row["exclusive"],
        priority=row["priority"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        usage_limit=row["usage_limit"],
        per_customer_limit=row["per_customer_limit"],
        used=row["used"],
        campaign_id=row["campaign_id"],
        active=row["active"],
    )


class PgPromotionRepository:
    async def get(self, promotion_id: UUID) -> Promotion | None:
        rows = await P.select().where(P.id == promotion_id).output(load_json=True)
        return _promotion(rows[0]) if rows else None

    async def get_many(self, promotion_ids: Collection[UUID]) -> dict[UUID, Promotion]:
        if not promotion_ids:
            return {}
        rows = await P.select().where(P.id.is_in(list(promotion_ids))).output(load_json=True)
        return {row["id"]: _promotion(row) for row in rows}

    async def automatic(self, now: datetime) -> list[Promotion]:
        return [_promotion(_loaded(row)) for row in await fetch(P._meta.db, AUTOMATIC, now)]

    async def add(self, promotion: Promotion) -> None:
        await P.insert(P(id=promotion.id, created_at=promotion.created_at, used=0, **_row(promotion)))

    async def save(self, promotion: Promotion) -> None:
        await P.update({getattr(P, k): v for k, v in _row(promotion).items()}).where(P.id == promotion.id)

    async def page(
        self, active: bool | None, limit: int, after: Position | None
    ) -> tuple[list[Promotion], Position | None]:
        query = P.select().order_by(P.created_at, P.id).limit(limit + 1).output(load_json=True)
        if active is not None:
            query = query.where(P.active == active)
        clause = after_clause(P.created_at, P.id, after)
        if clause is not None:
            query = query.where(clause)
        items = [_promotion(row) for row in await query]
        return items[:limit], position(items, limit)


def _campaign(row: dict[str, Any]) -> Campaign:
    return Campaign(**row)


def _campaign_row(c: Campaign) -> dict[str, Any]:
    return {
        "name": c.name,
        "starts_at": c.starts_at,
        "ends_at": c.ends_at,
        "budget": c.budget,
        "currency": c.currency,
        "active": c.active,
        "updated_at": c.updated_at,
    }


class PgCampaignRepository:
    async def get(self, campaign_id: UUID) -> Campaign | None:
        rows = await C.select().where(C.id == campaign_id)
        return _campaign(rows[0]) if rows else None

    async def get_many(self, campaign_ids: Collection[UUID]) -> dict[UUID, Campaign]:
        if not campaign_ids:
            return {}
        return {row["id"]: _campaign(row) for row in await C.select().where(C.id.is_in(list(campaign_ids)))}

    async def add(self, campaign: Campaign) -> None:
        await C.insert(C(id=campaign.id, created_at=campaign.created_at, spent=0, **_campaign_row(campaign)))

    async def save(self, campaign: Campaign) -> None:
        await C.update({getattr(C, k): v for k, v in _campaign_row(campaign).items()}).where(
            C.id == campaign.id
        )

    async def delete(self, campaign: Campaign) -> None:
        deleted = await C.delete().where(C.id == campaign.id).returning(C.id)
        if not deleted:
            raise Conflict("the campaign was removed meanwhile", errors=[FieldError("campaign_id", "gone")])

    async def page(self, limit: int, after: Position | None) -> tuple[list[Campaign], Position | None]:
        query = C.select().order_by(C.created_at, C.id).limit(limit + 1)
        clause = after_clause(C.created_at, C.id, after)
        if clause is not None:
            query = query.where(clause)
        items = [_campaign(row) for row in await query]
        return items[:limit], position(items, limit)
