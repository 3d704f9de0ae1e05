"""Bad input to the inventory routes: a 4xx problem naming the field, never a 500, nothing changed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_inventory_support import STAFF, adjust, fingerprint, product, warehouse
from tests.support.problems import assert_problem

WAREHOUSE = {"code": "NEW", "name": "New", "country": "DE"}
ADJUSTMENT = {"sku": "MUG-1", "warehouse": "MAIN", "delta": 1, "reason": "count"}
TRANSFER = {"sku": "MUG-1", "from": "MAIN", "to": "SIDE", "quantity": 1}

CASES = [
    ("POST", "/admin/warehouses", {**WAREHOUSE, "country": "XX"}, "country"),
    ("POST", "/admin/warehouses", {**WAREHOUSE, "country": "Germany"}, "country"),
    ("POST", "/admin/warehouses", {**WAREHOUSE, "code": "no spaces"}, "code"),
    ("POST", "/admin/warehouses", {**WAREHOUSE, "priority": 10**9}, "priority"),
    ("POST", "/admin/warehouses", {**WAREHOUSE, "name": ""}, "name"),
    ("POST", "/admin/stock/adjustments", {**ADJUSTMENT, "warehouse": "NOWHERE"}, "warehouse"),
    ("POST", "/admin/stock/adjustments", {**ADJUSTMENT, "delta": 0}, "delta"),
    ("POST", "/admin/stock/adjustments", {**ADJUSTMENT, "delta": 10**9}, "delta"),
    ("POST", "/admin/stock/adjustments", {**ADJUSTMENT, "delta": -1, "kind": "receipt"}, "delta"),
    ("POST", "/admin/stock/adjustments", {**ADJUSTMENT, "sku": "bad sku!"}, "sku"),
    ("POST", "/admin/stock/adjustments", {**ADJUSTMENT, "sku": "NO-PRODUCT"}, "sku"),
    ("POST", "/admin/stock/adjustments", {**ADJUSTMENT, "reason": ""}, "reason"),
    ("POST", "/admin/stock/adjustments", {**ADJUSTMENT, "kind": "shipment"}, "kind"),
    ("POST", "/admin/stock/transfers", {**TRANSFER, "to": "main"}, "to"),
    ("POST", "/admin/stock/transfers", {**TRANSFER, "to": "NOWHERE"}, "to"),
    ("POST", "/admin/stock/transfers", {**TRANSFER, "from": "NOWHERE"}, "from"),
    ("POST", "/admin/stock/transfers", {**TRANSFER, "quantity": 0}, "quantity"),
    ("POST", "/admin/stock/transfers", {**TRANSFER, "quantity": -1}, "quantity"),
    ("POST", "/admin/stock/transfers", {**TRANSFER, "quantity": 10**9}, "quantity"),
    ("POST", "/admin/stock/transfers", {"sku": "MUG-1", "to": "SIDE", "quantity": 1}, "from"),
    ("POST", "/admin/stock/transfers", {**TRANSFER, "sku": "NO-PRODUCT"}, "sku"),
    ("PATCH", "/admin/stock/MUG-1", {"low_stock_threshold": -1}, "low_stock_threshold"),
    ("PATCH", "/admin/stock/MUG-1", {"low_stock_threshold": 10**9}, "low_stock_threshold"),
    ("PATCH", "/admin/stock/NO-PRODUCT", {"low_stock_threshold": 1}, "sku"),
]


@pytest.fixture
def staff(staff_headers: Any) -> dict[str, str]:
    return staff_headers(*STAFF)


@pytest.fixture
async def shop(client: Any, staff: dict[str, str]) -> None:
    await warehouse(client, staff, "MAIN", priority=10)
    await warehouse(client, staff, "SIDE")
    await product(client, staff, "MUG-1")
    await adjust(client, staff, "MUG-1", "MAIN", 5)


@pytest.mark.parametrize(("method", "path", "body", "field"), CASES, ids=[f"{c[3]}:{c[2]}" for c in CASES])
async def test_bad_input_is_a_4xx_naming_the_field_and_changes_nothing(
    client, staff, shop, settings, method, path, body, field
) -> None:
    before = await fingerprint(settings.database_url)

    response = await client.request(method, path, json=body, headers=staff)

    assert_problem(response, (400, 422), field)
    assert field in {e["field"] for e in response.json()["errors"]}
    assert await fingerprint(settings.database_url) == before


@pytest.mark.parametrize(
    ("query", "field"), [("limit=0", "limit"), ("limit=101", "limit"), ("cursor=bm9wZQ", "cursor")]
)
async def test_a_bad_page_of_the_ledger_is_refused_naming_the_parameter(client, staff, query, field) -> None:
    response = await client.get(f"/admin/stock/movements?{query}", headers=staff)

    assert_problem(response, (400, 422), field)


async def test_a_bad_sku_in_the_path_is_refused(client, staff) -> None:
    response = await client.get("/admin/stock/-nope", headers=staff)

    assert_problem(response, 422, "sku")
