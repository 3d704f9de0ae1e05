"""Staff commands on coupons: one chosen code, or many generated ones shown once."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import uuid4

from core.paging import decode_cursor, encode_cursor
from core.validation import Findings, found
from domains.promotions.messages import (
    CouponDetails,
    CouponPage,
    CreateCoupon,
    GenerateCoupons,
    GeneratedCoupons,
    ListCoupons,
)
from domains.promotions.model import coupons

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.promotions.ports import PromotionsDeps


def _limit(usage_limit: int | None, checks: Findings) -> None:
    if usage_limit is not None and usage_limit < 1:
        checks.add("usage_limit", "must be at least 1")


async def _promotion(deps: PromotionsDeps, promotion_id: UUID) -> None:
    found(await deps.promotions.get(promotion_id), "promotion", promotion_id)


def _coupon(deps: PromotionsDeps, promotion_id: UUID, code: str, usage_limit: int | None) -> coupons.Coupon:
    return coupons.Coupon(
        id=uuid4(), promotion_id=promotion_id, code=code, created_at=deps.clock(), usage_limit=usage_limit
    )


async def create_coupon(cmd: CreateCoupon, deps: PromotionsDeps) -> CouponDetails:
    checks = Findings()
    code = coupons.checked_code(cmd.code, checks)
    _limit(cmd.usage_limit, checks)
    checks.raise_any()
    async with deps.uow() as uow:
        await _promotion(deps, cmd.promotion_id)
        coupon = _coupon(deps, cmd.promotion_id, code, cmd.usage_limit)
        await deps.coupons.add(coupon)
        await uow.commit()
    return coupon.details()


async def generate_coupons(cmd: GenerateCoupons, deps: PromotionsDeps) -> GeneratedCoupons:
    checks = Findings()
    prefix = coupons.checked_prefix(cmd.prefix, checks)
    if not 1 <= cmd.count <= coupons.MAX_GENERATED:
        checks.add("count", f"must be between 1 and {coupons.MAX_GENERATED}")
    _limit(cmd.usage_limit, checks)
    checks.raise_any()
    codes = coupons.generated(prefix, cmd.count)
    async with deps.uow() as uow:
        await _promotion(deps, cmd.promotion_id)
        await deps.coupons.add(*(_coupon(deps, cmd.promotion_id, code, cmd.usage_limit) for code in codes))
        await uow.commit()
    return GeneratedCoupons(promotion_id=cmd.promotion_id, codes=codes)


async def list_coupons(query: ListCoupons, deps: PromotionsDeps) -> CouponPage:
    await _promotion(deps, query.promotion_id)
    items, after = await deps.coupons.page(query.promotion_id, query.limit, decode_cursor(query.cursor))
    return CouponPage(items=[c.details() for c in items], next_cursor=encode_cursor(after) if after else None)


HANDLERS: dict[type[Message], Handler] = {
    CreateCoupon: create_coupon,
    GenerateCoupons: generate_coupons,
    ListCoupons: list_coupons,
}
