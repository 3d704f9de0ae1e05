"""Evaluation: the discounts a cart gets from the promotions on offer. Pure: no I/O, no clock.

Conditions and tiers look at the cart as it is; each promotion of a combination,
in priority order (highest first), discounts what earlier ones left. Among the
allowed combinations (an exclusive promotion alone, or non-exclusive ones with
at most ``most_coupons`` coupons) the one giving the shopper most wins.

A free-shipping offer on a cart with no shipping price yet (no method chosen, or a
free one) takes nothing off but is not refused: it applies once a paid method is chosen.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations
from typing import TYPE_CHECKING

from domains.promotions.model.cart import Cart, Evaluation, Line, Offer, Share
from domains.promotions.model.discounts import stack
from domains.promotions.model.eligibility import arm_of, refusal

if TYPE_CHECKING:
    from datetime import datetime

    from domains.promotions.messages import Reason

__all__ = ["Cart", "Evaluation", "Line", "Offer", "Share", "arm_of", "evaluate"]


def _combinations(offers: list[Offer], most_coupons: int) -> list[list[Offer]]:
    automatic = [o for o in offers if not o.promotion.exclusive and o.code is None]
    coupons = [o for o in offers if not o.promotion.exclusive and o.code is not None]
    found = [
        automatic + list(chosen)
        for r in range(min(most_coupons, len(coupons)) + 1)
        for chosen in combinations(coupons, r)
        if len({o.promotion.id for o in chosen}) == r  # two codes of one promotion count once
    ]
    return found + [[o] for o in offers if o.promotion.exclusive]


def evaluate(
    cart: Cart, offers: list[Offer], unknown_codes: list[str], now: datetime, most_coupons: int
) -> Evaluation:
    """The best allowed combination of ``offers`` for ``cart``, and why each offer did or did not apply."""
    order = sorted(range(len(cart.lines)), key=lambda i: (cart.lines[i].order_key(), i))
    canon = replace(cart, lines=tuple(cart.lines[i] for i in order))
    by_code = {o.promotion.id for o in offers if o.code is not None}
    open_offers, refused = [], []
    for offer in (o for o in offers if o.code is not None or o.promotion.id not in by_code):
        why = refusal(offer, canon, now)
        if why is None:
            open_offers.append(offer)
        else:
            refused.append((offer, why))
    stacked = [stack(combo, canon) for combo in _combinations(open_offers, most_coupons)]
    best = max(
        stacked,
        key=lambda shares: (_worth(shares), -sum(s.offer.code is not None for s in shares)),
        default=[],
    )
    applied = [s for s in best if s.amount > 0 or s.offer.promotion.kind == "free_shipping"]
    result = _explained(cart, order, applied)
    for offer in (o for o in open_offers if all(s.offer is not o for s in applied)):
        _left_out(result, offer, cart, _worth(best) - _best_with(offer, stacked))
    return _rejected(result, refused, unknown_codes)


def _worth(shares: list[Share]) -> int:
    return sum(s.amount for s in shares)


def _best_with(offer: Offer, stacked: list[list[Share]]) -> int:
    """The most any allowed combination holding ``offer`` gives."""
    return max((_worth(shares) for shares in stacked if any(s.offer is offer for s in shares)), default=0)


def _left_out(result: Evaluation, offer: Offer, cart: Cart, short_by: int) -> None:
    """Why an offer that may apply is not applied: it waits for a shipping price, another combination
    gives ``short_by`` more, or it adds nothing to what the cart gets."""
    if offer.promotion.kind == "free_shipping" and cart.shipping == 0:
        result.explanations.append(
            f"{_label(offer)}: not applied yet: takes the shipping off once a paid shipping method is chosen"
        )
    elif short_by > 0:
        _refuse(result, offer, "not_applicable", "another combination of promotions gives more")
    else:
        _refuse(result, offer, "not_applicable", "takes nothing more off this cart")


def _explained(cart: Cart, order: list[int], applied: list[Share]) -> Evaluation:
    lines = [0] * len(cart.lines)
    for part in applied:
        for position, amount in zip(order, part.lines, strict=True):
            lines[position] += amount
    result = Evaluation(
        line_discounts=lines, shipping_discount=sum(s.shipping for s in applied), applied=applied
    )
    for part in applied:
        result.explanations.append(f"{_label(part.offer)}: applied, {part.amount} off")
    return result


def _rejected(
    result: Evaluation, refused: list[tuple[Offer, tuple[Reason, str]]], unknown_codes: list[str]
) -> Evaluation:
    for offer, (reason, why) in refused:
        _refuse(result, offer, reason, why)
    for code in unknown_codes:
        result.rejected.append((code, "unknown"))
        result.explanations.append(f"code {code}: not applied (unknown): no such coupon")
    return result


def _refuse(result: Evaluation, offer: Offer, reason: Reason, why: str) -> None:
    if offer.code is not None:
        result.rejected.append((offer.code, reason))
    result.explanations.append(f"{_label(offer)}: not applied ({reason}): {why}")


def _label(offer: Offer) -> str:
    name = f"{offer.promotion.name!r}"
    return f"code {offer.code} ({name})" if offer.code else f"{name} (automatic)"
