"""Dates without a time zone and rates finer than the shop keeps are refused, naming the field."""

from __future__ import annotations

from collections.abc import Callable

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from app import create_app
from tests.support.problems import assert_problem

NAIVE = "2027-01-01T00:00:00"


@pytest.fixture
def staff(staff_headers: Callable[..., dict[str, str]]) -> dict[str, str]:
    domains = ("pricing", "promotions", "customers")
    return staff_headers(*(f"{d}:{a}" for d in domains for a in ("read", "write")))


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/admin/price-lists", {"name": "Sale", "currency": "EUR", "starts_at": NAIVE}, "starts_at"),
        (
            "/admin/promotions",
            {"name": "Sale", "kind": "percentage", "value": "5", "ends_at": NAIVE},
            "ends_at",
        ),
        ("/admin/campaigns", {"name": "Summer", "starts_at": NAIVE}, "starts_at"),
        (
            "/admin/segments",
            {"name": "New", "kind": "rule", "rules": {"registered_after": NAIVE}},
            "rules.registered_after",
        ),
    ],
)
async def test_a_date_without_its_offset_is_refused_naming_it(client, staff, path, body, field) -> None:
    assert_problem(await client.post(path, json=body, headers=staff), 400, field)
    assert (await client.get(path, headers=staff)).json()["items"] == []


@pytest.mark.parametrize(
    ("path", "method", "body"),
    [
        ("/admin/exchange-rates/USD", "put", {"rate": "0.00000000001"}),
        ("/admin/tax-rates", "post", {"country": "DE", "rate": "0.1900001"}),
    ],
)
async def test_a_rate_finer_than_kept_is_refused_not_rounded(settings, staff, path, method, body) -> None:
    shop = msgspec.structs.replace(settings, currencies=["EUR", "USD"])
    async with AsyncTestClient(app=create_app(shop)) as client:
        response = await getattr(client, method)(path, json=body, headers=staff)

        assert_problem(response, 422, "rate")
