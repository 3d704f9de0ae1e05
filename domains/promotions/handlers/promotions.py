"""Staff commands and queries on promotions; conditions naming SKUs are checked with the catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.paging import decode_cursor, encode_cursor
from core.validation import Findings, check_limit, found
from domains.catalog.messages import GetVariantsBySku
from domains.promotions.messages import (
    Conditions,
    CreatePromotion,
    DeactivatePromotion,
    GetPromotion,
    GetPromotionReport,
    ListPromotions,
    PromotionDetails,
    PromotionPage,
    PromotionReport,
    UpdatePromotion,
)
from domains.promotions.model import rules

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.promotions.model.promotions import Promotion
    from domains.promotions.ports import PromotionsDeps

MAX_SKUS = 500


async def unknown_skus(deps: PromotionsDeps, skus: list[str], found: Findings) -> None:
    """Record every SKU the catalogue does not know, by its place in ``conditions.skus``."""
    check_limit(skus, MAX_SKUS, "conditions.skus")
    if not skus:
        return
    wanted = sorted({sku.strip().upper() for sku in skus})
    known = {facts.sku.upper() for facts in await deps.bus.ask(GetVariantsBySku(skus=wanted))}
    for i, sku in enumerate(skus):
        if sku.strip().upper() not in known:
            found.add(f"conditions.skus[{i}]", f"no product variant has the SKU {sku!r}")


async def _campaign_exists(deps: PromotionsDeps, campaign_id: UUID | None, found: Findings) -> None:
    if campaign_id is not None and await deps.campaigns.get(campaign_id) is None:
        found.add("campaign_id", "no such campaign")


async def create_promotion(cmd: CreatePromotion, deps: PromotionsDeps) -> PromotionDetails:
    checks = Findings()
    promotion = rules.promotion(cmd, deps.default_currency, deps.clock(), checks)
    await unknown_skus(deps, cmd.conditions.skus, checks)
    async with deps.uow() as uow:
        await _campaign_exists(deps, promotion.campaign_id, checks)
        checks.raise_any()
        promotion.changed(promotion.created_at)
        await deps.promotions.add(promotion)
        uow.collect(promotion)
        await uow.commit()
    return promotion.details()


async def _load(deps: PromotionsDeps, promotion_id: UUID) -> Promotion:
    return found(await deps.promotions.get(promotion_id), "promotion", promotion_id)


async def update_promotion(cmd: UpdatePromotion, deps: PromotionsDeps) -> PromotionDetails:
    checks = Findings()
    if isinstance(cmd.conditions, Conditions):
        await unknown_skus(deps, cmd.conditions.skus, checks)
    async with deps.uow() as uow:
        current = await _load(deps, cmd.promotion_id)
        promotion = rules.revised(current, cmd, deps.clock(), checks)
        if promotion.campaign_id != current.campaign_id:
            await _campaign_exists(deps, promotion.campaign_id, checks)
        checks.raise_any()
        promotion.changed(promotion.updated_at)
        await deps.promotions.save(promotion)
        uow.collect(promotion)
        await uow.commit()
    return promotion.details()


async def deactivate_promotion(cmd: DeactivatePromotion, deps: PromotionsDeps) -> PromotionDetails:
    async with deps.uow() as uow:
        promotion = await _load(deps, cmd.promotion_id)
        promotion.deactivate(deps.clock())
        await deps.promotions.save(promotion)
        uow.collect(promotion)
        await uow.commit()
    return promotion.details()


async def get_promotion(query: GetPromotion, deps: PromotionsDeps) -> PromotionDetails:
    return (await _load(deps, query.promotion_id)).details()


async def list_promotions(query: ListPromotions, deps: PromotionsDeps) -> PromotionPage:
    items, after = await deps.promotions.page(query.active, query.limit, decode_cursor(query.cursor))
    return PromotionPage(
        items=[p.details() for p in items], next_cursor=encode_cursor(after) if after else None
    )


async def promotion_report(query: GetPromotionReport, deps: PromotionsDeps) -> PromotionReport:
    promotion = await _load(deps, query.promotion_id)
    return PromotionReport(promotion_id=promotion.id, variants=await deps.redemptions.report(promotion.id))


HANDLERS: dict[type[Message], Handler] = {
    CreatePromotion: create_promotion,
    UpdatePromotion: update_promotion,
    DeactivatePromotion: deactivate_promotion,
    GetPromotion: get_promotion,
    ListPromotions: list_promotions,
    GetPromotionReport: promotion_report,
}
