"""Staff routes for promotions, their coupons and their A/B report (``promotions:read`` / ``:write``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from core.controllers import Bus, Cursor, Limit, message, shaped
from core.errors import FieldError, Invalid
from core.guards import staff
from core.http import errors
from core.paging import DEFAULT_LIMIT
from domains.promotions.messages import (
    CreateCoupon,
    CreatePromotion,
    DeactivatePromotion,
    GenerateCoupons,
    GetPromotion,
    GetPromotionReport,
    ListCoupons,
    ListPromotions,
    PromotionDetails,
    PromotionPage,
    PromotionReport,
    UpdatePromotion,
)
from domains.promotions.schemas import CouponRequest, Coupons, IssuedCoupons, PromotionCreate, PromotionUpdate

READ, WRITE = [staff("promotions:read")], [staff("promotions:write")]


def _text(value: object) -> object:
    """A value sent as a number becomes the Decimal string the domain reads (12.5 -> "12.5")."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return str(Decimal(str(value)))


def _values(body: msgspec.Struct) -> dict[str, Any]:
    """The body as builtins with every ``value`` (top, tiers, variants) written as text."""
    raw = {k: v for k, v in msgspec.to_builtins(body).items() if not (k == "conditions" and v is None)}
    if "value" in raw:
        raw["value"] = _text(raw["value"])
    for key in ("tiers", "variants"):
        for item in raw.get(key) or []:
            item["value"] = _text(item.get("value"))
    return raw


class PromotionAdminController(Controller):
    path = "/admin/promotions"
    tags = ["promotions: staff"]

    @post(
        "/",
        guards=WRITE,
        operation_id="admin_create_promotion",
        summary="Create a promotion (automatic unless `coupon_required`)",
        responses=errors(400, 401, 403, 422),
    )
    async def create(self, bus: Bus, data: JSONBody[PromotionCreate]) -> PromotionDetails:
        return await bus.send(msgspec.convert(_values(data), CreatePromotion))

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_promotions",
        summary="Promotions, oldest first, optionally only active or inactive ones",
        responses=errors(400, 401, 403, 422),
    )
    async def index(
        self,
        bus: Bus,
        active: FromQuery[bool | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> PromotionPage:
        return await bus.ask(ListPromotions(active=active, limit=limit, cursor=cursor))

    @get(
        "/{promotion_id:uuid}",
        guards=READ,
        operation_id="admin_get_promotion",
        summary="A promotion with its use count",
        responses=errors(401, 403, 404),
    )
    async def show(self, bus: Bus, promotion_id: FromPath[UUID]) -> PromotionDetails:
        return await bus.ask(GetPromotion(promotion_id=promotion_id))

    @patch(
        "/{promotion_id:uuid}",
        guards=WRITE,
        operation_id="admin_update_promotion",
        summary="Change the fields given (the kind stays); `null` clears a limit or a date",
        responses=errors(400, 401, 403, 404, 422),
    )
    async def update(
        self, bus: Bus, promotion_id: FromPath[UUID], data: JSONBody[PromotionUpdate]
    ) -> PromotionDetails:
        return await bus.send(
            msgspec.convert({**_values(data), "promotion_id": str(promotion_id)}, UpdatePromotion)
        )

    @post(
        "/{promotion_id:uuid}/deactivate",
        guards=WRITE,
        status_code=200,
        operation_id="admin_deactivate_promotion",
        summary="Stop a promotion applying; its coupons are refused as expired",
        responses=errors(401, 403, 404),
    )
    async def deactivate(self, bus: Bus, promotion_id: FromPath[UUID]) -> PromotionDetails:
        return await bus.send(DeactivatePromotion(promotion_id=promotion_id))

    @post(
        "/{promotion_id:uuid}/coupons",
        guards=WRITE,
        operation_id="admin_create_coupons",
        summary="Add one chosen `code`, or generate `count` unguessable codes (shown only in this reply)",
        responses=errors(400, 401, 403, 404, 409, 422),
    )
    async def coupons(
        self, bus: Bus, promotion_id: FromPath[UUID], data: JSONBody[CouponRequest]
    ) -> IssuedCoupons:
        if (data.code is None) == (data.count is None):
            both = "send either `code` or `count`, not both" if data.code else "send `code` or `count`"
            raise Invalid(both, errors=[FieldError("code", both), FieldError("count", both)])
        if data.code is not None:
            command = CreateCoupon(promotion_id=promotion_id, code=data.code, usage_limit=data.usage_limit)
            coupon = await bus.send(command)
            return IssuedCoupons(promotion_id=promotion_id, codes=[coupon.code])
        assert data.count is not None
        generate = message(data, GenerateCoupons, promotion_id=promotion_id)
        return shaped(await bus.send(generate), IssuedCoupons)

    @get(
        "/{promotion_id:uuid}/coupons",
        guards=READ,
        operation_id="admin_list_coupons",
        summary="A promotion's coupons with their use counts",
        responses=errors(400, 401, 403, 404, 422),
    )
    async def list_coupons(
        self, bus: Bus, promotion_id: FromPath[UUID], limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> Coupons:
        page = await bus.ask(ListCoupons(promotion_id=promotion_id, limit=limit, cursor=cursor))
        return shaped(page, Coupons)

    @get(
        "/{promotion_id:uuid}/report",
        guards=READ,
        operation_id="admin_promotion_report",
        summary="A/B report: exposures, conversions (redemptions) and discount given, per variant",
        responses=errors(401, 403, 404),
    )
    async def report(self, bus: Bus, promotion_id: FromPath[UUID]) -> PromotionReport:
        return await bus.ask(GetPromotionReport(promotion_id=promotion_id))
