"""Staff price methods by subtotal bands, at one flat price, or by weight, each free over a threshold;
shoppers see them priced on /shipping/options."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_shipping import created, options
from tests.support.problems import assert_problem


@pytest.fixture
def staff(staff_headers) -> dict[str, str]:
    return staff_headers("shipping:read", "shipping:write")


async def test_methods_priced_by_subtotal_flat_and_weight_are_offered_cheapest_first(client, staff) -> None:
    eu = await created(client, "/admin/shipping/zones", staff, name="EU", countries=["DE"])
    bands = [{"max_subtotal": 2500, "price": 690}, {"max_subtotal": 5000, "price": 390}, {"price": 190}]
    by_value = await created(
        client,
        "/admin/shipping/methods",
        staff,
        zone_id=eu["id"],
        name="By value",
        basis="subtotal",
        rates=bands,
    )
    await created(
        client, "/admin/shipping/methods", staff, zone_id=eu["id"], name="Flat", basis="flat",
        rates=[{"price": 450}], free_over=4000,
    )  # fmt: skip
    await created(
        client, "/admin/shipping/methods", staff, zone_id=eu["id"], name="By weight",
        rates=[{"max_weight_grams": 1000, "price": 350}],
    )  # fmt: skip

    small = await options(client, country="DE", weight_grams=500, subtotal=2000)
    middle = await options(client, country="DE", weight_grams=5000, subtotal=4000)
    large = await options(client, country="DE", weight_grams=5000, subtotal=90000)

    assert (by_value["basis"], by_value["rates"]) == ("subtotal", bands)
    assert small == [("By weight", 350, "EUR"), ("Flat", 450, "EUR"), ("By value", 690, "EUR")]
    assert middle == [("Flat", 0, "EUR"), ("By value", 390, "EUR")]
    assert large == [("Flat", 0, "EUR"), ("By value", 190, "EUR")]


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        (
            {"basis": "subtotal", "rates": [{"price": 1}, {"max_subtotal": 10, "price": 1}]},
            422,
            "rates[0].max_subtotal",
        ),
        (
            {"basis": "subtotal", "rates": [{"max_weight_grams": 5, "price": 1}]},
            422,
            "rates[0].max_weight_grams",
        ),
        ({"basis": "flat", "rates": [{"price": 1}, {"price": 2}]}, 422, "rates"),
        ({"basis": "weight", "rates": [{"price": 1}]}, 422, "rates[0].max_weight_grams"),
        ({"basis": "volume"}, 400, "basis"),
        ({"rates": [{"max_subtotal": -1, "price": 1}]}, 400, "rates[0].max_subtotal"),
        ({"service": ""}, 400, "service"),
    ],
)
async def test_bands_that_do_not_fit_the_basis_name_the_field_and_store_nothing(
    client, staff, change: dict[str, Any], status: int, field: str
) -> None:
    eu = await created(client, "/admin/shipping/zones", staff, name="EU", countries=["DE"])
    body = {"zone_id": eu["id"], "name": "M", "rates": [{"max_weight_grams": 100, "price": 1}], **change}

    assert_problem(await client.post("/admin/shipping/methods", json=body, headers=staff), status, field)
    assert (await client.get("/admin/shipping/methods", headers=staff)).json()["items"] == []
