"""What one offer takes off a cart, given what earlier offers of the combination left."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from domains.promotions.model.allocation import allocate, percent_of
from domains.promotions.model.cart import Share
from domains.promotions.model.eligibility import arm_of, qualifies

if TYPE_CHECKING:
    from uuid import UUID

    from domains.promotions.model.cart import Cart, Line, Offer
    from domains.promotions.model.promotions import Arm, Promotion


def _rate(p: Promotion, arm: Arm | None, subtotal: int) -> Decimal:
    reached = [s.value for s in p.tiers if subtotal >= s.min_subtotal]
    if reached:
        return reached[-1]
    chosen = arm.value if arm is not None and arm.value is not None else p.value
    assert chosen is not None
    return chosen


def _free_units(p: Promotion, lines: tuple[Line, ...], left: list[int], mask: list[bool]) -> list[int]:
    """Buy x get y: the cheapest qualifying units, one group of buy + get at a time."""
    units = sorted(
        (lines[i].unit_price, i) for i in range(len(lines)) if mask[i] for _ in range(lines[i].quantity)
    )
    free = len(units) // ((p.buy or 1) + (p.get or 1)) * (p.get or 1)
    weights = [0] * len(lines)
    for price, i in units[:free]:
        weights[i] += price
    return [min(w, left[i]) for i, w in enumerate(weights)]


def share(offer: Offer, cart: Cart, left: list[int], shipping_left: int, most: int | None = None) -> Share:
    """What ``offer`` takes off the amounts still ``left`` (lines in ``cart.lines`` order), at most
    ``most`` in all (what its campaign's budget still allows)."""
    p, arm = offer.promotion, arm_of(offer.promotion, cart)
    if p.kind == "free_shipping":
        shipping = shipping_left if most is None else min(shipping_left, most)
        return Share(offer=offer, lines=(0,) * len(left), shipping=shipping, arm=arm)
    mask = [qualifies(p, line) for line in cart.lines]
    base = [left[i] if mask[i] else 0 for i in range(len(left))]
    subtotal = sum(line.total for i, line in enumerate(cart.lines) if mask[i])
    if p.kind == "buy_x_get_y":
        base = _free_units(p, cart.lines, left, mask)
        total = percent_of(sum(base), Decimal(p.get_percent))
    elif p.kind == "percentage":
        total = percent_of(sum(base), _rate(p, arm, subtotal))
    else:
        total = min(int(_rate(p, arm, subtotal)), sum(base))
    total = min(total, sum(base)) if most is None else min(total, sum(base), most)
    return Share(offer=offer, lines=tuple(allocate(total, base)), shipping=0, arm=arm)


def stack(offers: list[Offer], cart: Cart) -> list[Share]:
    """The offers applied in priority order, each to what the earlier ones left; offers of one
    campaign share what its budget still allows, so a discount never passes the budget."""
    left, shipping_left, shares = [line.total for line in cart.lines], cart.shipping, []
    budgets: dict[UUID, int | None] = {}
    for offer in sorted(offers, key=lambda o: (-o.promotion.priority, str(o.promotion.id))):
        campaign = offer.campaign
        if campaign is not None and campaign.id not in budgets:
            budgets[campaign.id] = campaign.left_for(cart.currency)
        most = budgets.get(campaign.id) if campaign is not None else None
        part = share(offer, cart, left, shipping_left, most)
        left = [a - b for a, b in zip(left, part.lines, strict=True)]
        shipping_left -= part.shipping
        if campaign is not None and most is not None:
            budgets[campaign.id] = most - sum(part.lines) - part.shipping
        shares.append(part)
    return shares
