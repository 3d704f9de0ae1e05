"""Campaigns over HTTP: a window and a budget their promotions share."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from domains.promotions.messages import EvaluatePromotions, PromotionLine, RedeemCoupons
from tests.e2e.test_promotions_support import STAFF, created, on_bus, promotion
from tests.support.problems import assert_problem


@pytest.fixture
def staff(staff_headers: Any) -> dict[str, str]:
    return staff_headers(*STAFF)


QUOTE = EvaluatePromotions(currency="EUR", lines=[PromotionLine(sku="A-1", quantity=1, unit_price=10000)])


async def test_staff_create_change_list_and_remove_a_campaign(client, staff) -> None:
    campaign = await created(client, "/admin/campaigns", staff, {"name": "Winter", "budget": 5000})

    changed = await client.patch(
        f"/admin/campaigns/{campaign['id']}", json={"name": "Winter sale"}, headers=staff
    )
    listed = await client.get("/admin/campaigns", headers=staff)
    removed = await client.delete(f"/admin/campaigns/{campaign['id']}", headers=staff)
    gone = await client.get(f"/admin/campaigns/{campaign['id']}", headers=staff)

    assert (campaign["currency"], campaign["spent"]) == ("EUR", 0)
    assert changed.json()["name"] == "Winter sale"
    assert [c["id"] for c in listed.json()["items"]] == [campaign["id"]]
    assert removed.status_code == 204
    assert_problem(gone, 404)


async def test_a_campaign_ending_before_it_starts_is_refused(client, staff) -> None:
    response = await client.post(
        "/admin/campaigns",
        json={"name": "Bad", "starts_at": "2027-02-01T00:00:00Z", "ends_at": "2027-01-01T00:00:00Z"},
        headers=staff,
    )

    assert_problem(response, 422, "ends_at")


async def test_a_campaign_budget_caps_its_discounts_and_then_stops_them(client, staff) -> None:
    campaign = await created(client, "/admin/campaigns", staff, {"name": "Capped", "budget": 1500})
    promo = await promotion(client, staff, value="10", campaign_id=campaign["id"])

    first = await on_bus(client, QUOTE)
    await on_bus(
        client,
        RedeemCoupons(order_id=uuid4(), customer_id=None, codes=[], currency="EUR", applied=first.applied),
    )
    second = await on_bus(client, QUOTE)
    await on_bus(
        client,
        RedeemCoupons(order_id=uuid4(), customer_id=None, codes=[], currency="EUR", applied=second.applied),
    )
    third = await on_bus(client, QUOTE)
    spent = (await client.get(f"/admin/campaigns/{campaign['id']}", headers=staff)).json()["spent"]

    assert [(a.id, a.amount) for a in first.applied] == [(UUID(promo["id"]), 1000)]
    assert sum(second.line_discounts) == 500  # what the budget still allowed, not 10 %
    assert spent == 1500
    assert sum(third.line_discounts) == 0
