"""Whether an offer may apply to a cart: its window, its limits, and whom and what it targets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.promotions.model.allocation import bucket

if TYPE_CHECKING:
    from datetime import datetime

    from domains.promotions.messages import Reason
    from domains.promotions.model.cart import Cart, Line, Offer
    from domains.promotions.model.promotions import Arm, Promotion


def arm_of(promotion: Promotion, cart: Cart) -> Arm | None:
    """The A/B variant this shopper sees: a stable hash of the promotion and the customer (else the cart)."""
    if not promotion.variants:
        return None
    who = cart.customer_id or cart.cart_id or ""
    return promotion.variants[bucket(f"{promotion.id}:{who}", [a.weight for a in promotion.variants])]


def qualifies(promotion: Promotion, line: Line) -> bool:
    t = promotion.targeting
    return (
        (not t.skus or line.sku.upper() in t.skus)
        and (not t.categories or bool(t.categories & line.category_ids))
        and (not t.brands or line.brand_id in t.brands)
    )


def refusal(offer: Offer, cart: Cart, now: datetime) -> tuple[Reason, str] | None:
    """Why ``offer`` cannot apply to ``cart`` at ``now``, or None."""
    p, c = offer.promotion, offer.campaign
    if not p.active or (c is not None and not c.active):
        return "expired", "no longer active"
    windows = [(p.starts_at, p.ends_at)] + ([(c.starts_at, c.ends_at)] if c is not None else [])
    if any(start is not None and now < start for start, _ in windows):
        return "not_started", "has not started yet"
    if any(end is not None and now >= end for _, end in windows):
        return "expired", "has ended"
    if p.usage_limit is not None and p.used >= p.usage_limit:
        return "usage_limit_reached", "has been used as often as allowed"
    if offer.code_exhausted:
        return "usage_limit_reached", "this code has been used as often as allowed"
    if p.per_customer_limit is not None and offer.customer_uses >= p.per_customer_limit:
        return "usage_limit_reached", "this shopper has used it as often as allowed"
    if c is not None and c.spent_out:
        return "usage_limit_reached", "its campaign's budget is spent"
    return _misfit(p, cart)


def _misfit(p: Promotion, cart: Cart) -> tuple[Reason, str] | None:
    t = p.targeting
    if (t.currencies and cart.currency not in t.currencies) or (
        p.uses_amounts and cart.currency != p.currency
    ):
        return "not_applicable", f"not offered in {cart.currency}"
    if t.segments and not t.segments & cart.segment_ids:
        return "not_applicable", "not offered to this shopper's segments"
    if t.first_order is not None and t.first_order != cart.first_order:
        return "not_applicable", "first orders only" if t.first_order else "not for a first order"
    eligible = [line for line in cart.lines if qualifies(p, line)]
    if not eligible:
        return "not_applicable", "no item in the cart qualifies"
    spent = sum(line.total for line in eligible)
    least = p.tiers[0].min_subtotal if p.tiers else t.min_subtotal
    if least is not None and spent < least:
        return "minimum_not_met", f"needs a subtotal of {least} of qualifying items, the cart has {spent}"
    if p.kind == "buy_x_get_y" and sum(line.quantity for line in eligible) < (p.buy or 0) + (p.get or 0):
        return "minimum_not_met", f"buy {p.buy} and get {p.get}: not enough qualifying items"
    return None
