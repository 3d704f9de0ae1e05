"""Staff change promotions over HTTP; every quote sees the change at once."""

from __future__ import annotations

from typing import Any

import pytest

from domains.promotions.messages import EvaluatePromotions, PromotionLine
from tests.e2e.test_promotions_support import STAFF, codes, on_bus, promotion
from tests.support.problems import assert_problem


@pytest.fixture
def staff(staff_headers: Any) -> dict[str, str]:
    return staff_headers(*STAFF)


def cart(*codes: str) -> EvaluatePromotions:
    lines = [
        PromotionLine(sku="TEA-1", quantity=3, unit_price=800),
        PromotionLine(sku="CUP-1", quantity=1, unit_price=2600),
    ]
    return EvaluatePromotions(currency="EUR", lines=lines, shipping=490, coupon_codes=list(codes))


async def test_a_changed_value_applies_to_the_next_quote_and_a_bad_one_changes_nothing(client, staff) -> None:
    created = await promotion(client, staff, value="10")
    path = f"/admin/promotions/{created['id']}"

    changed = await client.patch(path, json={"value": 25.5, "priority": 3}, headers=staff)
    refused = await client.patch(path, json={"value": "101"}, headers=staff)
    result = await on_bus(client, cart())

    assert (changed.json()["value"], changed.json()["priority"]) == ("25.5", 3)
    assert_problem(refused, 422, "value")
    assert (await client.get(path, headers=staff)).json()["value"] == "25.5"
    assert result.line_discounts == [612, 663]  # 25.5 % of 24.00 and of 26.00


async def test_the_best_allowed_combination_wins_and_the_rest_are_explained(client, staff) -> None:
    await promotion(
        client, staff, kind="buy_x_get_y", buy=2, get=1, name="3 for 2 teas", conditions={"skus": []}
    )
    ship = await promotion(client, staff, kind="free_shipping", coupon_required=True, name="Free shipping")
    tiers = [{"min_subtotal": 3000, "value": 500}, {"min_subtotal": 5000, "value": 1000}]
    spend = await promotion(
        client, staff, kind="fixed", tiers=tiers, coupon_required=True, exclusive=True, name="Spend"
    )
    await codes(client, staff, ship["id"], code="SHIPFREE")
    await codes(client, staff, spend["id"], code="SPEND")

    result = await on_bus(client, cart("shipfree", "spend"))

    # automatic 3-for-2 (8.00) plus free shipping (4.90) beats the exclusive 10.00 off
    assert sorted(a.amount for a in result.applied) == [490, 800]
    assert result.shipping_discount == 490
    assert [(r.code, r.reason) for r in result.rejected] == [("SPEND", "not_applicable")]
    assert len(result.explanations) == 3
