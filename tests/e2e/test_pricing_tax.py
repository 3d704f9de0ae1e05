"""Staff keep tax rates and products' tax classes; the quote asks pricing for the tax of its lines."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Invalid
from domains.pricing.messages import Address, QuoteTax, TaxableLine
from tests.e2e.test_pricing_support import ask, created, prices, product, shop, shop_settings, staff
from tests.support.problems import assert_problem

__all__ = ["shop", "shop_settings", "staff"]


async def rate(client, headers, **body) -> dict:
    return await created(client, "/admin/tax-rates", headers, body)


async def tax(client, country: str, *lines: TaxableLine, region: str | None = None, currency: str = "EUR"):
    query = QuoteTax(currency=currency, address=Address(country=country, region=region), lines=list(lines))
    return await ask(client, query)


async def test_de_vat_is_inside_the_price_and_us_sales_tax_is_added_on_top(shop, staff) -> None:
    await rate(shop, staff, country="DE", rate="0.19", inclusive=True)
    await rate(shop, staff, country="US", rate="0.05")

    de = await tax(shop, "DE", TaxableLine(amount=10000))
    us = await tax(shop, "US", TaxableLine(amount=10000), currency="USD")

    assert (de.total.amount, de.tax.amount, de.lines[0].inclusive) == (10000, 1597, True)
    assert (us.total.amount, us.tax.amount, us.total.currency) == (10500, 500, "USD")


async def test_a_region_rate_wins_over_its_country_rate(shop, staff) -> None:
    await rate(shop, staff, country="US", rate="0.05")
    await rate(shop, staff, country="US", region="CA", rate="0.0725")

    california = await tax(shop, "us", TaxableLine(amount=2000), region="ca")
    oregon = await tax(shop, "US", TaxableLine(amount=2000), region="OR")

    assert (california.tax.amount, california.lines[0].rate) == (145, "0.0725")
    assert oregon.tax.amount == 100


async def test_a_product_tax_class_picks_its_rate_and_shows_in_its_prices(shop, staff) -> None:
    book = await product(shop, staff, ("BOOK-1", 2000))
    await rate(shop, staff, country="DE", rate="0.19", inclusive=True)
    await rate(shop, staff, country="DE", tax_class="reduced", rate="0.07", inclusive=True)

    assigned = await shop.put(
        f"/admin/products/{book['id']}/tax-class", json={"tax_class": "reduced"}, headers=staff
    )
    [priced] = await prices(shop, "BOOK-1")
    result = await tax(
        shop, "DE", TaxableLine(amount=2000, tax_class=priced.tax_class), TaxableLine(amount=2000)
    )

    assert assigned.json() == {"product_id": book["id"], "tax_class": "reduced"}
    assert priced.tax_class == "reduced"
    assert [line.tax.amount for line in result.lines] == [131, 319]


async def test_line_taxes_add_up_exactly_to_the_total(shop, staff) -> None:
    await rate(shop, staff, country="DE", rate="0.19", inclusive=True)

    result = await tax(shop, "DE", *(TaxableLine(amount=333) for _ in range(7)))

    # each line holds 53.168... cents of VAT; 7 lines 372.18 -> 372 in all
    assert result.tax.amount == 372 == sum(line.tax.amount for line in result.lines)


async def test_staff_list_and_delete_tax_rates(shop, staff) -> None:
    de = await rate(shop, staff, country="DE", rate="0.19", inclusive=True)
    await rate(shop, staff, country="FR", rate="0.20", inclusive=True)

    only_de = (await shop.get("/admin/tax-rates?country=DE", headers=staff)).json()["items"]
    deleted = await shop.delete(f"/admin/tax-rates/{de['id']}", headers=staff)
    left = (await shop.get("/admin/tax-rates", headers=staff)).json()["items"]

    assert [(r["country"], r["rate"], r["inclusive"]) for r in only_de] == [("DE", "0.19", True)]
    assert deleted.status_code == 204
    assert [r["country"] for r in left] == ["FR"]
    assert_problem(await shop.delete(f"/admin/tax-rates/{de['id']}", headers=staff), 404)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"country": "DE", "rate": "1.5"}, 422, "rate"),
        ({"country": "DE", "rate": "abc"}, 400, "rate"),
        ({"country": "D1", "rate": "0.19"}, 422, "country"),
        ({"country": "Germany", "rate": "0.19"}, 400, "country"),
        ({"country": "DE", "rate": "0.19", "tax_class": "luxury"}, 400, "tax_class"),
        ({"country": "US", "region": "C@", "rate": "0.05"}, 422, "region"),
    ],
)
async def test_bad_tax_rates_name_the_field(shop, staff, body, status, field) -> None:
    assert_problem(await shop.post("/admin/tax-rates", json=body, headers=staff), status, field)
    assert (await shop.get("/admin/tax-rates", headers=staff)).json()["items"] == []


async def test_a_second_rate_for_the_same_place_and_class_is_a_conflict(shop, staff) -> None:
    await rate(shop, staff, country="DE", rate="0.19")

    assert_problem(
        await shop.post("/admin/tax-rates", json={"country": "DE", "rate": "0.16"}, headers=staff), 409
    )


async def test_a_tax_class_needs_a_known_product_and_a_known_class(shop, staff) -> None:
    lamp = await product(shop, staff, ("LAMP-9", 2000))

    unknown = await shop.put(
        f"/admin/products/{uuid4()}/tax-class", json={"tax_class": "zero"}, headers=staff
    )
    bad = await shop.put(
        f"/admin/products/{lamp['id']}/tax-class", json={"tax_class": "luxury"}, headers=staff
    )

    assert_problem(unknown, 404)
    assert_problem(bad, 400, "tax_class")


async def test_bad_tax_lines_are_invalid_naming_the_field(shop) -> None:
    with pytest.raises(Invalid) as caught:
        await tax(shop, "DEU", TaxableLine(amount=-1), TaxableLine(amount=5, tax_class="luxury"))

    assert [e.field for e in caught.value.errors] == [
        "address.country",
        "lines[0].amount",
        "lines[1].tax_class",
    ]
