"""Coupon use: counted when an order is placed, given back when it is cancelled.

The counts are guarded in PostgreSQL (one conditional UPDATE per limit), so
concurrent orders never take more uses than a limit allows. Rows are locked in
one global order (coupons, then promotions each with its per-customer counts by id
and by email, then campaigns) so two orders never deadlock. A per-customer limit
binds guests too: it is counted by every email the shopper is known by.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import Conflict, FieldError, Invalid
from core.validation import Findings
from domains.promotions.handlers.evaluation import MAX_CODES
from domains.promotions.handlers.shoppers import shopper_emails
from domains.promotions.messages import (
    CouponsRedeemed,
    CouponsReleased,
    RedeemCoupons,
    Redemption,
    ReleaseCoupons,
)
from domains.promotions.model.coupons import normal
from domains.promotions.model.evaluation import Cart, arm_of
from domains.promotions.ports import Use

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.promotions.model.coupons import Coupon
    from domains.promotions.model.promotions import Promotion
    from domains.promotions.ports import PromotionsDeps

Emails = tuple[str, ...]


def _refused(field: str, code: str, reason: str) -> Conflict:
    return Conflict(f"coupon {code} cannot be redeemed: {reason}", errors=[FieldError(field, reason)])


def _used_up(field: str, use: Use) -> Conflict:
    """A limit reached: named by the code, or by the promotion's name when it applied without one."""
    if use.code:
        return _refused(field, use.code, "usage_limit_reached")
    return Conflict(
        f'promotion "{use.name}" cannot be redeemed: usage_limit_reached',
        errors=[FieldError(field, "usage_limit_reached")],
    )


def _window(promotion: Promotion, now: datetime) -> str | None:
    if not promotion.active or (promotion.ends_at is not None and now >= promotion.ends_at):
        return "expired"
    if promotion.starts_at is not None and now < promotion.starts_at:
        return "not_started"
    return None


async def _uses(cmd: RedeemCoupons, codes: list[str], deps: PromotionsDeps) -> list[tuple[str, Use]]:
    """Each code's use (named by its field), then the automatic promotions of the order's quote."""
    coupons: dict[str, Coupon] = await deps.coupons.find(codes)
    unknown = [FieldError(f"codes[{i}]", "unknown") for i, code in enumerate(codes) if code not in coupons]
    if unknown:
        raise Invalid("unknown coupon codes", errors=unknown)
    automatic = [a for a in cmd.applied if a.code is None]
    promotions = await deps.promotions.get_many(
        {c.promotion_id for c in coupons.values()} | {a.id for a in automatic}
    )
    quoted = {normal(a.code): a for a in cmd.applied if a.code}
    shopper = Cart(currency=cmd.currency, lines=(), customer_id=cmd.customer_id)
    found: list[tuple[str, Use]] = []
    for i, code in enumerate(codes):
        coupon, field = coupons[code], f"codes[{i}]"
        promotion = promotions[coupon.promotion_id]
        reason = _window(promotion, deps.clock())
        if reason:
            raise _refused(field, code, reason)
        quote = quoted.get(code)
        arm = arm_of(promotion, shopper)
        variant = quote.variant if quote else arm.name if arm else None
        found.append((field, _use(promotion, coupon, code, variant, quote.amount if quote else 0)))
    for i, applied in enumerate(cmd.applied):
        if applied.code is None and applied.id in promotions:
            found.append(
                (f"applied[{i}]", _use(promotions[applied.id], None, None, applied.variant, applied.amount))
            )
    return found


def _use(
    promotion: Promotion, coupon: Coupon | None, code: str | None, variant: str | None, amount: int
) -> Use:
    return Use(
        promotion_id=promotion.id,
        name=promotion.name,
        coupon_id=coupon.id if coupon else None,
        code=code,
        variant=variant,
        amount=max(amount, 0),
        campaign_id=promotion.campaign_id,
        per_customer_limit=promotion.per_customer_limit,
    )


async def _take_shopper(deps: PromotionsDeps, use: Use, customer_id: UUID | None, emails: Emails) -> bool:
    """One use of a per-customer limit by the customer's id and by each of the shopper's emails."""
    limit = use.per_customer_limit
    if not limit:
        return True
    if customer_id and not await deps.redemptions.take_customer(use.promotion_id, customer_id, limit):
        return False
    for email in emails:
        if not await deps.redemptions.take_email(use.promotion_id, email, limit):
            return False
    return True


async def _take(
    deps: PromotionsDeps, cmd: RedeemCoupons, emails: Emails, uses: list[tuple[str, Use]]
) -> None:
    """Take one use of every limit, in a global lock order; the first limit reached refuses all."""
    for field, use in sorted(uses, key=lambda u: str(u[1].coupon_id)):
        if use.coupon_id is not None and not await deps.redemptions.take_coupon(use.coupon_id):
            raise _used_up(field, use)
    for field, use in sorted(uses, key=lambda u: str(u[1].promotion_id)):
        if not await deps.redemptions.take_promotion(use.promotion_id):
            raise _used_up(field, use)
        if not await _take_shopper(deps, use, cmd.customer_id, emails):
            raise _used_up(field, use)
    budgets = await deps.campaigns.get_many({u.campaign_id for _, u in uses if u.campaign_id})
    for field, use in sorted(uses, key=lambda u: str(u[1].campaign_id)):
        campaign = budgets.get(use.campaign_id) if use.campaign_id else None
        if (
            campaign is not None
            and use.amount
            and campaign.currency == cmd.currency
            and not await deps.redemptions.spend(campaign.id, use.amount)
        ):
            raise _used_up(field, use)


async def redeem_coupons(cmd: RedeemCoupons, deps: PromotionsDeps) -> Redemption:
    checks = Findings()
    checks.at_most(cmd.codes, MAX_CODES, "codes")
    checks.raise_any()
    codes = list(dict.fromkeys(code for code in map(normal, cmd.codes) if code))
    async with deps.uow() as uow:
        done = await deps.redemptions.codes_of(cmd.order_id)
        if done is not None:
            return Redemption(order_id=cmd.order_id, codes=done)
        uses = await _uses(cmd, codes, deps)
        limited = any(use.per_customer_limit for _, use in uses)
        emails = await shopper_emails(deps, cmd.customer_id, cmd.email) if limited else ()
        for _, use in uses:
            if not await deps.redemptions.claim(cmd.order_id, cmd.customer_id, emails, cmd.currency, use):
                return Redemption(
                    order_id=cmd.order_id, codes=await deps.redemptions.codes_of(cmd.order_id) or []
                )
        await _take(deps, cmd, emails, uses)
        uow.add(CouponsRedeemed(order_id=cmd.order_id, customer_id=cmd.customer_id, codes=codes))
        await uow.commit()
    return Redemption(order_id=cmd.order_id, codes=codes)


async def release_coupons(cmd: ReleaseCoupons, deps: PromotionsDeps) -> Redemption:
    async with deps.uow() as uow:
        codes = await deps.redemptions.release(cmd.order_id)
        if codes is not None:
            uow.add(CouponsReleased(order_id=cmd.order_id, codes=codes))
        await uow.commit()
    return Redemption(order_id=cmd.order_id, codes=codes or [])


HANDLERS: dict[type[Message], Handler] = {RedeemCoupons: redeem_coupons, ReleaseCoupons: release_coupons}
