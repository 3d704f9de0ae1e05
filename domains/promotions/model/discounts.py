"""What one offer takes off a cart, given what earlier offers of the combination left."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from domains.promotions.model.allocation import allocate, percent_of
from domains.promotions.model.cart import Share
from domains.promotions.model.eligibility import arm_of, qualifies

if TYPE_CHECKING:
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


def share(offer: Offer, cart: Cart, left: list[int], shipping_left: int) -> Share:
    """What ``offer`` takes off the amounts still ``left`` (lines in ``cart.lines`` order)."""
    p, arm = offer.promotion, arm_of(offer.promotion, cart)
    if p.kind == "free_shipping":
        return Share(offer=offer, lines=(0,) * len(left), shipping=shipping_left, arm=arm)
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
    return Share(offer=offer, lines=tuple(allocate(min(total, sum(base)), base)), shipping=0, arm=arm)


def stack(offers: list[Offer], cart: Cart) -> list[Share]:
    left, shipping_left, shares = [line.total for line in cart.lines], cart.shipping, []
    for offer in sorted(offers, key=lambda o: (-o.promotion.priority, str(o.promotion.id))):
        part = share(offer, cart, left, shipping_left)
        left = [a - b for a, b in zip(left, part.lines, strict=True)]
        shipping_left -= part.shipping
        shares.append(part)
    return shares
