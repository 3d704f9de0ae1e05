"""Evaluation examples, exact to the cent: what a shopper is given, and why not."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import uuid4

from domains.promotions.model.promotions import Campaign
from tests.unit.promotions.builders import NOW, applied, cart, line, offer, promotion, run


def test_a_ten_percent_coupon_takes_ten_percent_of_every_line_until_its_five_uses_are_gone() -> None:
    ten = promotion(value="10", coupon_required=True, usage_limit=5)
    basket = cart(line("MUG", 2, 1250), line("POT", 1, 3999))

    fourth_use = run(basket, offer(replace(ten, used=4), "SAVE10"))
    spent = run(basket, offer(replace(ten, used=5), "SAVE10"))

    assert fourth_use.line_discounts == [250, 400]  # 10 % of 25.00 and of 39.99 (3.999 rounds to 4.00)
    assert applied(fourth_use) == [(ten.id, 650)]
    assert spent.line_discounts == [0, 0]
    assert spent.rejected == [("SAVE10", "usage_limit_reached")]


def test_buy_two_get_one_makes_the_cheapest_unit_of_each_three_free() -> None:
    b2g1 = promotion("buy_x_get_y", buy=2, get=1)
    basket = cart(line("TEA", 2, 800), line("CUP", 2, 500), line("JAR", 2, 1200))

    result = run(basket, offer(b2g1))

    # six units: two groups of three, so the two cheapest units (the cups) are free
    assert result.line_discounts == [0, 1000, 0]
    assert applied(result) == [(b2g1.id, 1000)]


def test_buy_two_get_one_half_price_needs_three_units() -> None:
    half = promotion("buy_x_get_y", buy=2, get=1, get_percent=50)

    assert run(cart(line("TEA", 3, 999)), offer(half)).line_discounts == [500]  # 4.995 rounds up
    assert run(cart(line("TEA", 2, 999)), offer(half)).line_discounts == [0]


def test_a_tiered_spend_promotion_gives_the_highest_tier_reached() -> None:
    tiers = [{"min_subtotal": 5000, "value": "5"}, {"min_subtotal": 10000, "value": "10"}]
    tiered = promotion(tiers=tiers)

    below = run(cart(line("A", 1, 4999)), offer(tiered))
    first = run(cart(line("A", 1, 6000)), offer(tiered))
    second = run(cart(line("A", 1, 6000), line("B", 1, 6001)), offer(tiered))

    assert below.line_discounts == [0]
    assert "minimum_not_met" in below.explanations[0]
    assert first.line_discounts == [300]
    assert second.line_discounts == [600, 600]  # 10 % of 120.01 = 12.00, split by largest remainder


def test_an_expired_coupon_is_refused_as_expired_and_one_not_started_as_not_started() -> None:
    ended = promotion(value="20", coupon_required=True, ends_at=NOW - timedelta(days=1))
    later = promotion(value="20", coupon_required=True, starts_at=NOW + timedelta(days=1))

    result = run(cart(line("A", 1, 1000)), offer(ended, "OLD20"), offer(later, "SOON20"), most_coupons=2)

    assert result.line_discounts == [0]
    assert result.rejected == [("OLD20", "expired"), ("SOON20", "not_started")]
    assert len(result.explanations) == 2


def test_an_exclusive_promotion_stands_alone_even_when_others_could_stack() -> None:
    exclusive = promotion(value="30", exclusive=True, name="Flash sale")
    five = promotion(value="5")
    ten_off = promotion("fixed", value=1000)

    result = run(cart(line("A", 1, 10000)), offer(exclusive), offer(five), offer(ten_off))

    assert applied(result) == [(exclusive.id, 3000)]  # 30.00 beats 10.00 then 5 % of 90.00 = 14.50
    assert any("another combination" in text for text in result.explanations)


def test_the_combination_best_for_the_shopper_wins_within_the_coupon_allowance() -> None:
    small = promotion("fixed", value=500, coupon_required=True)
    big = promotion(value="15", coupon_required=True, priority=1)
    shipping = promotion("free_shipping", coupon_required=True)
    basket = cart(line("A", 1, 4000), shipping=490)

    one = run(basket, offer(small, "FIVE"), offer(big, "FIFTEEN"), offer(shipping, "SHIP"))
    two = run(basket, offer(small, "FIVE"), offer(big, "FIFTEEN"), offer(shipping, "SHIP"), most_coupons=2)

    assert applied(one) == [(big.id, 600)]
    assert sorted(one.rejected) == [("FIVE", "not_applicable"), ("SHIP", "not_applicable")]
    # 15 % first (priority 1) then 5.00 off: 11.00, more than 6.00 plus 4.90 of shipping
    assert sorted(amount for _, amount in applied(two)) == [500, 600]
    assert two.shipping_discount == 0
    assert two.rejected == [("SHIP", "not_applicable")]


def test_a_fixed_discount_applies_only_in_its_currency_and_never_beyond_the_cart() -> None:
    ten = promotion("fixed", value=1000, currency="EUR")

    assert run(cart(line("A", 1, 700)), offer(ten)).line_discounts == [700]
    dollars = run(cart(line("A", 1, 5000), currency="USD"), offer(ten, "TEN"))
    assert dollars.rejected == [("TEN", "not_applicable")]


def test_targeting_by_sku_segment_and_first_order() -> None:
    segment = promotion(value="10", conditions={"skus": ["mug"], "first_order": True})
    basket = cart(line("MUG", 1, 1000), line("POT", 1, 1000), first_order=True)

    assert run(basket, offer(segment)).line_discounts == [100, 0]
    assert run(replace(basket, first_order=False), offer(segment, "NEW")).rejected == [
        ("NEW", "not_applicable")
    ]


def test_an_unknown_code_is_refused_as_unknown() -> None:
    assert run(cart(line("A", 1, 100)), unknown=("NOPE",)).rejected == [("NOPE", "unknown")]


def test_a_spent_campaign_budget_stops_its_promotions() -> None:
    campaign = Campaign(id=uuid4(), name="c", currency="EUR", created_at=NOW, updated_at=NOW, budget=100)
    ten = promotion(value="10", coupon_required=True)

    open_budget = run(cart(line("A", 1, 1000)), offer(ten, "C", campaign=campaign))
    spent = run(cart(line("A", 1, 1000)), offer(ten, "C", campaign=replace(campaign, spent=100)))

    assert open_budget.line_discounts == [100]
    assert spent.rejected == [("C", "usage_limit_reached")]


def test_an_ab_variant_is_chosen_by_the_customer_and_gives_its_own_value() -> None:
    ab = promotion(value="10", variants=[{"name": "a", "value": "10"}, {"name": "b", "value": "20"}])
    customers = [uuid4() for _ in range(40)]

    seen = {run(cart(line("A", 1, 1000), customer_id=c), offer(ab)).applied[0].arm.name for c in customers}
    again = [
        run(cart(line("A", 1, 1000), customer_id=customers[0]), offer(ab)).line_discounts for _ in range(3)
    ]

    assert seen == {"a", "b"}
    assert again[0] == again[1] == again[2]


def test_a_free_shipping_coupon_waits_for_a_shipping_price_instead_of_being_refused() -> None:
    shipping = promotion("free_shipping", coupon_required=True, name="Free shipping")
    basket = cart(line("A", 1, 1000))

    before = run(basket, offer(shipping, "FREESHIP"))
    priced = run(replace(basket, shipping=490), offer(shipping, "FREESHIP"))

    assert (before.rejected, before.applied, before.shipping_discount) == ([], [], 0)
    assert before.explanations == [
        "code FREESHIP ('Free shipping'): not applied yet: "
        "takes the shipping off once a paid shipping method is chosen"
    ]
    assert (applied(priced), priced.shipping_discount, priced.rejected) == ([(shipping.id, 490)], 490, [])


def test_a_coupon_that_takes_nothing_off_says_so_rather_than_blaming_another_combination() -> None:
    five = promotion("fixed", value=500, coupon_required=True, name="Five off")

    result = run(cart(line("FREEBIE", 1, 0)), offer(five, "FIVE"))

    assert result.rejected == [("FIVE", "not_applicable")]
    assert result.explanations == [
        "code FIVE ('Five off'): not applied (not_applicable): takes nothing more off this cart"
    ]
