"""The coupon store on PostgreSQL (Piccolo), inside the open unit of work."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any
from uuid import UUID

import asyncpg

from core.errors import Conflict, FieldError
from domains.promotions.model.coupons import Coupon
from domains.promotions.repository.promotions import after_clause, position
from domains.promotions.tables import PromotionsCoupon

if TYPE_CHECKING:
    from domains.promotions.ports import Position

K = PromotionsCoupon
CHUNK = 1000  # rows per INSERT, far below PostgreSQL's 32767 parameters


def _coupon(row: dict[str, Any]) -> Coupon:
    return Coupon(
        id=row["id"],
        promotion_id=row["promotion_id"],
        code=row["code"],
        created_at=row["created_at"],
        usage_limit=row["usage_limit"],
        used=row["used"],
    )


class PgCouponRepository:
    async def add(self, *coupons: Coupon) -> None:
        rows = [
            K(
                id=c.id,
                promotion=c.promotion_id,
                code=c.code,
                usage_limit=c.usage_limit,
                used=0,
                created_at=c.created_at,
            )
            for c in coupons
        ]
        try:
            for start in range(0, len(rows), CHUNK):
                await K.insert(*rows[start : start + CHUNK])
        except asyncpg.UniqueViolationError:
            raise Conflict(
                "the code is already in use", errors=[FieldError("code", "already in use")]
            ) from None

    async def find(self, codes: Collection[str]) -> dict[str, Coupon]:
        if not codes:
            return {}
        rows = await K.select().where(K.code.is_in(list(codes)))
        return {row["code"]: _coupon(row) for row in rows}

    async def page(
        self, promotion_id: UUID, limit: int, after: Position | None
    ) -> tuple[list[Coupon], Position | None]:
        query = K.select().where(K.promotion == promotion_id).order_by(K.created_at, K.id).limit(limit + 1)
        clause = after_clause(K.created_at, K.id, after)
        if clause is not None:
            query = query.where(clause)
        items = [_coupon(row) for row in await query]
        return items[:limit], position(items, limit)
