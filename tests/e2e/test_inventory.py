"""Staff manage warehouses and stock over HTTP: levels per warehouse, adjustments, transfers, the ledger."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_inventory_support import STAFF, adjust, product, warehouse
from tests.support.eventually import eventually
from tests.support.problems import assert_problem


@pytest.fixture
def staff(staff_headers: Any) -> dict[str, str]:
    return staff_headers(*STAFF)


async def level(client: Any, staff: dict[str, str], sku: str) -> dict[str, Any]:
    response = await client.get(f"/admin/stock/{sku}", headers=staff)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def test_staff_add_warehouses_and_list_them_highest_priority_first(client, staff) -> None:
    made = await warehouse(client, staff, "ber-1", priority=5)
    await warehouse(client, staff, "PAR", country="fr", priority=9)
    await warehouse(client, staff, "AAA")

    listed = await client.get("/admin/warehouses", headers=staff)

    assert (made["code"], made["country"], made["priority"]) == ("BER-1", "DE", 5)
    assert [(w["code"], w["country"]) for w in listed.json()["items"]] == [
        ("PAR", "FR"),
        ("BER-1", "DE"),
        ("AAA", "DE"),
    ]


async def test_a_warehouse_code_is_taken_once(client, staff) -> None:
    await warehouse(client, staff, "MAIN")

    response = await client.post(
        "/admin/warehouses", json={"code": "main", "name": "Again", "country": "DE"}, headers=staff
    )

    assert_problem(response, 409, "code")


async def test_an_adjustment_shows_per_warehouse_and_in_the_ledger_with_who_made_it(
    client, staff_headers
) -> None:
    staff = staff_headers(*STAFF)
    await warehouse(client, staff, "MAIN", priority=10)
    await warehouse(client, staff, "SIDE")
    await product(client, staff, "MUG-1")

    await adjust(client, staff, "mug-1", "main", 12, "delivery")
    after = await adjust(client, staff, "MUG-1", "SIDE", 3)
    movements = (await client.get("/admin/stock/movements?sku=MUG-1", headers=staff)).json()["items"]

    assert after == {
        "sku": "MUG-1",
        "on_hand": 15,
        "reserved": 0,
        "available": 15,
        "warehouses": [
            {"code": "MAIN", "on_hand": 12, "reserved": 0, "available": 12},
            {"code": "SIDE", "on_hand": 3, "reserved": 0, "available": 3},
        ],
        "low_stock_threshold": None,
    }
    assert await level(client, staff, "mug-1") == after
    assert [(m["kind"], m["warehouse"], m["quantity"], m["reason"]) for m in movements] == [
        ("adjustment", "SIDE", 3, "count"),
        ("adjustment", "MAIN", 12, "delivery"),
    ]
    assert movements[0]["actor"] is not None


async def test_goods_received_are_recorded_as_a_receipt(client, staff) -> None:
    await warehouse(client, staff, "MAIN")
    await product(client, staff, "MUG-1")
    body = {"sku": "MUG-1", "warehouse": "MAIN", "delta": 4, "reason": "PO 17", "kind": "receipt"}

    response = await client.post("/admin/stock/adjustments", json=body, headers=staff)
    movements = (await client.get("/admin/stock/movements", headers=staff)).json()["items"]

    assert response.status_code == 201
    assert [(m["kind"], m["quantity"]) for m in movements] == [("receipt", 4)]


async def test_removing_more_than_is_on_hand_is_a_conflict(client, staff) -> None:
    await warehouse(client, staff, "MAIN")
    await product(client, staff, "MUG-1")
    await adjust(client, staff, "MUG-1", "MAIN", 2)

    response = await client.post(
        "/admin/stock/adjustments",
        json={"sku": "MUG-1", "warehouse": "MAIN", "delta": -3, "reason": "lost"},
        headers=staff,
    )

    assert_problem(response, 409, "delta")
    assert (await level(client, staff, "MUG-1"))["on_hand"] == 2


async def test_a_transfer_moves_units_between_warehouses_and_keeps_the_total(client, staff) -> None:
    await warehouse(client, staff, "MAIN", priority=10)
    await warehouse(client, staff, "SIDE")
    await product(client, staff, "MUG-1")
    await adjust(client, staff, "MUG-1", "MAIN", 10)

    response = await client.post(
        "/admin/stock/transfers",
        json={"sku": "MUG-1", "from": "MAIN", "to": "side", "quantity": 4},
        headers=staff,
    )
    movements = (await client.get("/admin/stock/movements?sku=MUG-1&limit=2", headers=staff)).json()["items"]

    assert response.status_code == 201, response.text
    moved = response.json()
    assert (moved["on_hand"], moved["available"]) == (10, 10)
    assert [(w["code"], w["on_hand"]) for w in moved["warehouses"]] == [("MAIN", 6), ("SIDE", 4)]
    assert {(m["kind"], m["warehouse"], m["quantity"]) for m in movements} == {
        ("transfer", "MAIN", -4),
        ("transfer", "SIDE", 4),
    }
    assert movements[0]["reference"] == movements[1]["reference"]


async def test_a_transfer_of_more_than_is_available_is_a_conflict_that_moves_nothing(client, staff) -> None:
    await warehouse(client, staff, "MAIN")
    await warehouse(client, staff, "SIDE")
    await product(client, staff, "MUG-1")
    await adjust(client, staff, "MUG-1", "MAIN", 3)

    response = await client.post(
        "/admin/stock/transfers",
        json={"sku": "MUG-1", "from": "MAIN", "to": "SIDE", "quantity": 4},
        headers=staff,
    )

    assert_problem(response, 409, "quantity")
    assert [w["code"] for w in (await level(client, staff, "MUG-1"))["warehouses"]] == ["MAIN"]


async def test_staff_set_and_clear_a_low_stock_threshold(client, staff) -> None:
    await product(client, staff, "MUG-1")

    set_ = await client.patch("/admin/stock/MUG-1", json={"low_stock_threshold": 5}, headers=staff)
    cleared = await client.patch("/admin/stock/mug-1", json={"low_stock_threshold": None}, headers=staff)

    assert set_.status_code == 200, set_.text
    assert set_.json()["low_stock_threshold"] == 5
    assert cleared.json()["low_stock_threshold"] is None


async def test_a_products_sku_never_stocked_has_a_level_of_zeros(client, staff) -> None:
    await product(client, staff, "NEW-1")

    assert await level(client, staff, "new-1") == {
        "sku": "NEW-1",
        "on_hand": 0,
        "reserved": 0,
        "available": 0,
        "warehouses": [],
        "low_stock_threshold": None,
    }


async def test_stock_of_a_sku_no_product_has_is_refused_naming_the_sku_and_nothing_is_kept(
    client, staff
) -> None:
    await warehouse(client, staff, "MAIN")
    await warehouse(client, staff, "SIDE")
    await product(client, staff, "MUG-1")
    changes = [
        (
            "POST",
            "/admin/stock/adjustments",
            {"sku": "nope-sku", "warehouse": "MAIN", "delta": 5, "reason": "x"},
        ),
        ("POST", "/admin/stock/transfers", {"sku": "NOPE-SKU", "from": "MAIN", "to": "SIDE", "quantity": 1}),
        ("PATCH", "/admin/stock/nope-sku", {"low_stock_threshold": 5}),
    ]

    for method, path, body in changes:
        response = await client.request(method, path, json=body, headers=staff)
        assert_problem(response, 422, "sku")
        assert response.json()["errors"] == [{"field": "sku", "message": "no product has the SKU 'NOPE-SKU'"}]
    ledger = await client.get("/admin/stock/movements?sku=NOPE-SKU", headers=staff)
    assert ledger.json()["items"] == []
    assert_problem(await client.get("/admin/stock/NOPE-SKU", headers=staff), 404)


async def test_a_sku_neither_stocked_nor_in_the_catalogue_is_not_found(client, staff) -> None:
    response = await client.get("/admin/stock/NOPE", headers=staff)

    assert_problem(response, 404)


async def test_a_removed_variants_stock_stays_readable_and_can_still_be_written_off(client, staff) -> None:
    await warehouse(client, staff, "MAIN")
    made = await product(client, staff, "MUG-1", "MUG-2")
    await adjust(client, staff, "MUG-2", "MAIN", 4)
    gone = next(v for v in made["variants"] if v["sku"] == "MUG-2")

    async def removed() -> bool:  # 409 while the catalogue is still taking in the stock change
        path = f"/admin/products/{made['id']}/variants/{gone['id']}"
        return (await client.delete(path, headers=staff)).status_code == 204

    await eventually(removed)
    written_off = {"sku": "MUG-2", "warehouse": "MAIN", "delta": -4, "reason": "discontinued"}
    taken = await client.post("/admin/stock/adjustments", json=written_off, headers=staff)

    assert taken.status_code == 201, taken.text
    assert (await level(client, staff, "MUG-2"))["on_hand"] == 0


async def test_the_ledger_pages_newest_first_with_a_cursor(client, staff) -> None:
    await warehouse(client, staff, "MAIN")
    await product(client, staff, "MUG-1", "POT-1")
    for units in range(1, 6):
        await adjust(client, staff, "MUG-1", "MAIN", units)
    await adjust(client, staff, "POT-1", "MAIN", 9)

    seen, cursor = [], None
    while True:
        query = f"/admin/stock/movements?sku=MUG-1&limit=2{f'&cursor={cursor}' if cursor else ''}"
        page = (await client.get(query, headers=staff)).json()
        seen.append([m["quantity"] for m in page["items"]])
        if (cursor := page["next_cursor"]) is None:
            break

    assert seen == [[5, 4], [3, 2], [1]]


async def test_reading_stock_needs_inventory_read_and_changing_it_inventory_write(
    client, staff_headers
) -> None:
    reader, other = staff_headers("inventory:read"), staff_headers("catalog:write")
    body = {"sku": "MUG-1", "warehouse": "MAIN", "delta": 1, "reason": "x"}

    assert (await client.get("/admin/stock/MUG-1")).status_code == 401
    assert (await client.get("/admin/stock/MUG-1", headers=other)).status_code == 403
    assert (await client.get("/admin/warehouses", headers=reader)).status_code == 200
    assert (await client.post("/admin/stock/adjustments", json=body, headers=reader)).status_code == 403
    assert (
        await client.patch("/admin/stock/MUG-1", json={"low_stock_threshold": 1}, headers=reader)
    ).status_code == 403
    made = await client.post(
        "/admin/warehouses", json={"code": "X", "name": "X", "country": "DE"}, headers=reader
    )
    assert made.status_code == 403
