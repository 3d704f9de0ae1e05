"""Staff set up promotions and coupons over HTTP; pricing and orders use them over the bus."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from domains.promotions.messages import EvaluatePromotions, PromotionLine, RedeemCoupons, ReleaseCoupons
from tests.e2e.test_promotions_support import STAFF, codes, on_bus, promotion
from tests.support.problems import assert_problem


@pytest.fixture
def staff(staff_headers: Any) -> dict[str, str]:
    return staff_headers(*STAFF)


def quote(*codes: str, **fields: Any) -> EvaluatePromotions:
    lines = [
        PromotionLine(sku="MUG-1", quantity=2, unit_price=1250),
        PromotionLine(sku="POT-1", quantity=1, unit_price=3999),
    ]
    return EvaluatePromotions(currency="EUR", lines=lines, coupon_codes=list(codes), **fields)


async def test_staff_creates_a_coupon_promotion_and_reads_it_back(client, staff) -> None:
    created = await promotion(client, staff, value=10, coupon_required=True, usage_limit=5)

    fetched = await client.get(f"/admin/promotions/{created['id']}", headers=staff)
    listed = await client.get("/admin/promotions", headers=staff)

    assert created["value"] == "10"
    assert created["currency"] == "EUR"
    assert fetched.json() == created
    assert [p["id"] for p in listed.json()["items"]] == [created["id"]]


async def test_a_coupon_discounts_a_quote_and_an_order_counts_its_use(client, staff) -> None:
    created = await promotion(client, staff, value="10", coupon_required=True, usage_limit=5)
    await codes(client, staff, created["id"], code="save10")

    result = await on_bus(client, quote("Save10"))
    await on_bus(client, RedeemCoupons(order_id=uuid4(), customer_id=None, codes=["SAVE10"], currency="EUR"))
    coupons = await client.get(f"/admin/promotions/{created['id']}/coupons", headers=staff)

    assert result.line_discounts == [250, 400]
    assert [(a.code, a.amount) for a in result.applied] == [("SAVE10", 650)]
    assert [(c["code"], c["used"]) for c in coupons.json()["items"]] == [("SAVE10", 1)]


async def test_an_expired_or_unknown_code_is_rejected_with_its_reason(client, staff) -> None:
    created = await promotion(
        client,
        staff,
        value="10",
        coupon_required=True,
        starts_at="2020-01-01T00:00:00Z",
        ends_at="2020-02-01T00:00:00Z",
    )
    await codes(client, staff, created["id"], code="OLD")

    result = await on_bus(client, quote("old", "nope"))

    assert [(r.code, r.reason) for r in result.rejected] == [("OLD", "expired"), ("NOPE", "unknown")]
    assert result.line_discounts == [0, 0]


async def test_bulk_generated_codes_are_returned_once_and_all_work(client, staff) -> None:
    created = await promotion(client, staff, kind="fixed", value=500, coupon_required=True)

    generated = await codes(client, staff, created["id"], count=25, prefix="xmas-")
    listed = await client.get(f"/admin/promotions/{created['id']}/coupons?limit=100", headers=staff)
    result = await on_bus(client, quote(generated[7].lower()))

    assert len(set(generated)) == 25
    assert all(code.startswith("XMAS-") for code in generated)
    assert sorted(c["code"] for c in listed.json()["items"]) == sorted(generated)
    assert sum(result.line_discounts) == 500


async def test_a_code_already_in_use_is_a_conflict(client, staff) -> None:
    created = await promotion(client, staff, value="5", coupon_required=True)
    await codes(client, staff, created["id"], code="TWICE")

    response = await client.post(
        f"/admin/promotions/{created['id']}/coupons", json={"code": "twice"}, headers=staff
    )

    assert_problem(response, 409, "code")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": "-5"}, "value"),
        ({"value": 150}, "value"),
        ({"kind": "fixed", "value": 500, "currency": "XYZ"}, "currency"),
        (
            {"tiers": [{"min_subtotal": 9000, "value": "10"}, {"min_subtotal": 5000, "value": "5"}]},
            "tiers[1].min_subtotal",
        ),
        ({"value": "5", "starts_at": "2027-02-01T00:00:00Z", "ends_at": "2027-01-01T00:00:00Z"}, "ends_at"),
        ({"value": "5", "campaign_id": str(uuid4())}, "campaign_id"),
    ],
)
async def test_bad_promotions_are_refused_naming_the_field_and_store_nothing(
    client, staff, body, field
) -> None:
    response = await client.post(
        "/admin/promotions", json={"name": "Bad", "kind": "percentage", **body}, headers=staff
    )

    assert_problem(response, 422, field)
    assert (await client.get("/admin/promotions", headers=staff)).json()["items"] == []


async def test_conditions_naming_unknown_skus_are_refused_naming_the_sku(
    client, staff, staff_headers
) -> None:
    catalog = staff_headers("catalog:read", "catalog:write")
    variant = {"sku": "MUG-1", "price": {"amount": 1250, "currency": "EUR"}}
    made = await client.post("/admin/products", json={"name": "Mug", "variants": [variant]}, headers=catalog)
    assert made.status_code == 201, made.text

    response = await client.post(
        "/admin/promotions",
        json={
            "name": "Mugs",
            "kind": "percentage",
            "value": "10",
            "conditions": {"skus": ["MUG-1", "NOPE-9"]},
        },
        headers=staff,
    )

    assert_problem(response, 422, "conditions.skus[1]")


async def test_promotion_routes_need_the_promotions_permissions(client, staff_headers) -> None:
    reader = staff_headers("promotions:read")

    assert_problem(await client.get("/admin/promotions"), 401)
    assert_problem(
        await client.post("/admin/promotions", json={"name": "x", "kind": "free_shipping"}, headers=reader),
        403,
    )
    assert (await client.get("/admin/promotions", headers=reader)).status_code == 200


async def test_a_deactivated_promotion_no_longer_applies(client, staff) -> None:
    created = await promotion(client, staff, value="10")
    assert sum((await on_bus(client, quote())).line_discounts) == 650

    response = await client.post(f"/admin/promotions/{created['id']}/deactivate", headers=staff)

    assert response.json()["active"] is False
    assert sum((await on_bus(client, quote())).line_discounts) == 0


async def test_the_ab_report_counts_exposures_conversions_and_discount_per_variant(client, staff) -> None:
    variants = [{"name": "ten", "value": "10"}, {"name": "twenty", "value": "20"}]
    created = await promotion(client, staff, value="10", coupon_required=True, variants=variants)
    await codes(client, staff, created["id"], code="ABTEST")
    customer = uuid4()

    seen = await on_bus(client, quote("ABTEST", customer_id=customer))
    await on_bus(client, quote("ABTEST", customer_id=customer, record_exposure=False))
    applied = seen.applied[0]
    order = uuid4()
    await on_bus(
        client,
        RedeemCoupons(
            order_id=order, customer_id=customer, codes=["ABTEST"], currency="EUR", applied=[applied]
        ),
    )
    report = (await client.get(f"/admin/promotions/{created['id']}/report", headers=staff)).json()

    assert report["variants"] == [
        {"variant": applied.variant, "exposures": 1, "conversions": 1, "discount": applied.amount}
    ]
    await on_bus(client, ReleaseCoupons(order_id=order))
    after = (await client.get(f"/admin/promotions/{created['id']}/report", headers=staff)).json()
    assert after["variants"][0]["conversions"] == 0
