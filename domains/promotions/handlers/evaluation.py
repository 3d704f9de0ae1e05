"""The evaluation query: load what is on offer, let the pure model decide, count A/B exposure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.money import MAX_AMOUNT, is_currency
from core.validation import Findings
from domains.promotions.handlers.shoppers import shopper_emails
from domains.promotions.messages import AppliedPromotion, EvaluatePromotions, PromotionResult, RejectedCoupon
from domains.promotions.model.coupons import normal
from domains.promotions.model.evaluation import Cart, Evaluation, Line, Offer, evaluate

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.promotions.ports import PromotionsDeps

MAX_CODES = 10
MAX_LINES = 500


def _checked(query: EvaluatePromotions) -> list[str]:
    """The query's codes, each once, in the order given; ``Invalid`` for what cannot be priced."""
    checks = Findings()
    if not is_currency(query.currency):
        checks.add("currency", "must be an ISO 4217 currency code such as EUR")
    checks.at_most(query.lines, MAX_LINES, "lines")
    checks.at_most(query.coupon_codes, MAX_CODES, "coupon_codes")
    for i, line in enumerate(query.lines):
        if not 1 <= line.quantity <= 10_000:
            checks.add(f"lines[{i}].quantity", "must be between 1 and 10000")
        checks.amount(line.unit_price, f"lines[{i}].unit_price")
    checks.amount(query.shipping, "shipping")
    checks.raise_any()
    return list(dict.fromkeys(code for code in map(normal, query.coupon_codes) if code))


def cart_of(query: EvaluatePromotions) -> Cart:
    return Cart(
        currency=query.currency,
        lines=tuple(
            Line(
                sku=line.sku.strip().upper(),
                quantity=line.quantity,
                unit_price=min(line.unit_price, MAX_AMOUNT),
                category_ids=frozenset(line.category_ids),
                brand_id=line.brand_id,
            )
            for line in query.lines
        ),
        shipping=query.shipping,
        customer_id=query.customer_id,
        cart_id=query.cart_id,
        segment_ids=frozenset(query.segment_ids),
        first_order=query.first_order,
    )


async def shopper_uses(
    deps: PromotionsDeps, customer_id: UUID | None, email: str | None, limited: list[UUID]
) -> dict[UUID, int]:
    """Each per-customer-limited promotion's uses by this shopper: the most by its id or any of its emails."""
    if not limited:
        return {}
    emails = await shopper_emails(deps, customer_id, email)
    by_id = await deps.redemptions.customer_uses(customer_id, limited) if customer_id else {}
    by_email = await deps.redemptions.email_uses(emails, limited) if emails else {}
    return {p: max(by_id.get(p, 0), by_email.get(p, 0)) for p in limited}


async def offers_for(
    deps: PromotionsDeps, codes: list[str], cart: Cart, now: datetime, email: str | None = None
) -> tuple[list[Offer], list[str]]:
    """The automatic promotions and those of the codes given, with their use facts; and the unknown codes."""
    coupons = await deps.coupons.find(codes)
    by_id = {p.id: p for p in await deps.promotions.automatic(now)}
    by_id.update(await deps.promotions.get_many({c.promotion_id for c in coupons.values()}))
    campaigns = await deps.campaigns.get_many({p.campaign_id for p in by_id.values() if p.campaign_id})
    limited = [p.id for p in by_id.values() if p.per_customer_limit is not None]
    uses = await shopper_uses(deps, cart.customer_id, email, limited)

    def offer(promotion_id: UUID, code: str | None = None, exhausted: bool = False) -> Offer:
        p = by_id[promotion_id]
        campaign = campaigns.get(p.campaign_id) if p.campaign_id else None
        return Offer(
            promotion=p,
            code=code,
            code_exhausted=exhausted,
            customer_uses=uses.get(p.id, 0),
            campaign=campaign,
        )

    offers = [offer(p.id) for p in by_id.values() if not p.coupon_required]
    for code in codes:
        coupon = coupons.get(code)
        if coupon is not None and coupon.promotion_id in by_id:
            limit = coupon.usage_limit
            offers.append(offer(coupon.promotion_id, code, limit is not None and coupon.used >= limit))
    return offers, [code for code in codes if code not in coupons]


def result_of(evaluation: Evaluation) -> PromotionResult:
    return PromotionResult(
        line_discounts=evaluation.line_discounts,
        shipping_discount=evaluation.shipping_discount,
        applied=[
            AppliedPromotion(
                id=s.offer.promotion.id,
                name=s.offer.promotion.name,
                amount=s.amount,
                code=s.offer.code,
                variant=s.arm.name if s.arm else None,
            )
            for s in evaluation.applied
        ],
        rejected=[RejectedCoupon(code=code, reason=reason) for code, reason in evaluation.rejected],
        explanations=evaluation.explanations,
    )


async def evaluate_promotions(query: EvaluatePromotions, deps: PromotionsDeps) -> PromotionResult:
    codes, cart, now = _checked(query), cart_of(query), deps.clock()
    offers, unknown = await offers_for(deps, codes, cart, now, query.email)
    evaluation = evaluate(cart, offers, unknown, now, deps.coupons_per_order)
    if query.record_exposure and evaluation.applied:
        await deps.redemptions.expose(
            [(s.offer.promotion.id, s.arm.name if s.arm else None) for s in evaluation.applied]
        )
    return result_of(evaluation)


HANDLERS: dict[type[Message], Handler] = {EvaluatePromotions: evaluate_promotions}
