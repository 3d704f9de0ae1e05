"""Properties of evaluation that hold for any cart and any promotions on offer."""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from domains.promotions.model.allocation import allocate
from domains.promotions.model.evaluation import Cart, Evaluation, Line, Offer
from tests.unit.promotions.builders import cart, offer, promotion, run

CATEGORIES = [UUID(int=n) for n in range(1, 4)]
BRANDS = [UUID(int=n) for n in range(10, 12)]

lines = st.builds(
    Line,
    sku=st.sampled_from(["A", "B", "C", "D"]),
    quantity=st.integers(1, 6),
    unit_price=st.integers(0, 20_000),
    category_ids=st.frozensets(st.sampled_from(CATEGORIES), max_size=2),
    brand_id=st.none() | st.sampled_from(BRANDS),
)


@st.composite
def promotions(draw: Any) -> Any:
    kind = draw(st.sampled_from(["percentage", "fixed", "free_shipping", "buy_x_get_y"]))
    fields: dict[str, Any] = {
        "exclusive": draw(st.booleans()),
        "priority": draw(st.integers(-2, 2)),
        "coupon_required": draw(st.booleans()),
    }
    if kind == "percentage":
        fields["value"] = str(draw(st.decimals("0.01", "100", places=2)))
    elif kind == "fixed":
        fields["value"] = str(draw(st.integers(1, 50_000)))
    elif kind == "buy_x_get_y":
        fields |= {
            "buy": draw(st.integers(1, 3)),
            "get": draw(st.integers(1, 2)),
            "get_percent": draw(st.integers(1, 100)),
        }
    if draw(st.booleans()):
        fields["conditions"] = {
            "skus": draw(st.lists(st.sampled_from(["A", "B", "C"]), max_size=2)),
            "brands": [str(b) for b in draw(st.lists(st.sampled_from(BRANDS), max_size=1))],
            "min_subtotal": draw(st.none() | st.integers(0, 30_000)),
        }
    return promotion(kind, **fields)


@st.composite
def offers(draw: Any) -> list[Offer]:
    found = []
    for i, promo in enumerate(draw(st.lists(promotions(), max_size=5))):
        found.append(offer(promo, f"CODE{i}" if promo.coupon_required else None))
    return found


carts = st.builds(
    lambda ls, shipping: cart(*ls, shipping=shipping),
    st.lists(lines, min_size=1, max_size=6),
    st.integers(0, 2000),
)


def _settle(the_cart: Cart, the_offers: list[Offer], most: int = 2) -> Evaluation:
    return run(the_cart, *the_offers, most_coupons=most)


@settings(max_examples=200, deadline=None)
@given(carts, offers())
def test_no_line_or_shipping_is_discounted_below_zero(the_cart: Cart, the_offers: list[Offer]) -> None:
    result = _settle(the_cart, the_offers)

    for discount, item in zip(result.line_discounts, the_cart.lines, strict=True):
        assert 0 <= discount <= item.total
    assert 0 <= result.shipping_discount <= the_cart.shipping


@settings(max_examples=200, deadline=None)
@given(carts, offers())
def test_line_discounts_sum_exactly_to_the_promotions_applied(
    the_cart: Cart, the_offers: list[Offer]
) -> None:
    result = _settle(the_cart, the_offers)

    assert sum(result.line_discounts) + result.shipping_discount == sum(s.amount for s in result.applied)


@settings(max_examples=200, deadline=None)
@given(carts, offers(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_lines(
    the_cart: Cart, the_offers: list[Offer], rnd: Any
) -> None:
    shuffled = list(the_cart.lines)
    rnd.shuffle(shuffled)

    first = _settle(the_cart, the_offers)
    second = _settle(cart(*shuffled, shipping=the_cart.shipping), the_offers)

    assert Counter(zip(the_cart.lines, first.line_discounts, strict=True)) == Counter(
        zip(shuffled, second.line_discounts, strict=True)
    )
    assert [(s.offer.promotion.id, s.amount) for s in first.applied] == [
        (s.offer.promotion.id, s.amount) for s in second.applied
    ]


@settings(max_examples=200, deadline=None)
@given(carts, offers(), st.integers(1, 3))
def test_an_exclusive_promotion_is_applied_alone_and_coupons_stay_within_the_allowance(
    the_cart: Cart, the_offers: list[Offer], most: int
) -> None:
    result = _settle(the_cart, the_offers, most)

    if any(s.offer.promotion.exclusive for s in result.applied):
        assert len(result.applied) == 1
    assert sum(s.offer.code is not None for s in result.applied) <= most
    assert len({s.offer.promotion.id for s in result.applied}) == len(result.applied)


@settings(max_examples=200, deadline=None)
@given(carts, offers())
def test_every_promotion_on_offer_is_explained(the_cart: Cart, the_offers: list[Offer]) -> None:
    result = _settle(the_cart, the_offers)

    assert len(result.explanations) == len(the_offers)
    # A free-shipping code on a cart with no shipping price yet may wait (neither applied nor refused).
    waiting = {
        o.code for o in the_offers if o.code and o.promotion.kind == "free_shipping" and not the_cart.shipping
    }
    coupons = {o.code for o in the_offers if o.code}
    settled = {s.offer.code for s in result.applied if s.offer.code} | {code for code, _ in result.rejected}
    assert settled - waiting == coupons - waiting


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=20))
def test_allocation_sums_exactly_and_never_exceeds_a_weight(total: int, weights: list[int]) -> None:
    total = min(total, sum(weights))
    shares = allocate(total, weights)

    assert sum(shares) == (total if sum(weights) else 0)
    assert all(0 <= s <= w for s, w in zip(shares, weights, strict=True))
