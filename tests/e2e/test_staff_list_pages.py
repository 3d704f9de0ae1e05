"""Staff's lists of tax rates, exchange rates, warehouses, shipping zones and methods and notification
events follow the list convention: ``?limit=`` and ``?cursor=`` in, ``{items, next_cursor}`` out, in
their documented order; a cursor the API did not give is a 422 naming ``cursor``, never a 500."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.e2e.test_pricing_support import created, shop, shop_settings
from tests.support.problems import assert_problem

__all__ = ["shop", "shop_settings"]
PERMISSIONS = (
    "pricing:read",
    "pricing:write",
    "inventory:read",
    "inventory:write",
    "shipping:read",
    "shipping:write",
    "notifications:read",
)
BAND = [{"max_weight_grams": 2000, "price": 490}]
ID = "79cc7fa0-04df-56a1-bc39-7e1199c7dd41"
LISTS = [
    "/admin/tax-rates",
    "/admin/exchange-rates",
    "/admin/warehouses",
    "/admin/shipping/zones",
    "/admin/shipping/methods",
    "/admin/notifications/templates",
]
# Positions of no list's shape: other lengths, other types, numbers past what a column holds, and
# text PostgreSQL cannot compare (a NUL) where each list keeps text.
FORGED_POSITIONS: list[list[Any]] = [
    [],
    [None],
    [1],
    [1, 2],
    [[1], [2]],
    [{"a": 1}],
    [True, True],
    [1, 2, 3, 4],
    [ID, 5],
    ["2026-01-01T00:00:00+00:00", ID, "extra", 1],
    ["DE", None, None, "extra"],
    ["D\x00", None, None],
    ["DE", "B\x00", None],
    ["US\x00"],
    [10**30, "MAIN"],
    [2**31, "MAIN"],
    [5, "MA\x00IN"],
    ["E\x00U", ID],
    ["EU", "Std\x00", ID],
    ["EU", "Std", 5],
]


def cursor(position: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


@pytest.fixture
def staff(staff_headers) -> dict[str, str]:
    return staff_headers(*PERMISSIONS)


async def pages(client: Any, url: str, headers: dict[str, str], limit: int, **params: Any) -> list[list[Any]]:
    """Every page of ``url`` at ``limit`` a page, following ``next_cursor`` to the end."""
    found: list[list[Any]] = []
    after: str | None = None
    while True:
        query = {**params, "limit": limit, **({"cursor": after} if after else {})}
        response = await client.get(url, params=query, headers=headers)
        assert response.status_code == 200, response.text
        assert set(response.json()) == {"items", "next_cursor"}
        found.append(response.json()["items"])
        if (after := response.json()["next_cursor"]) is None:
            return found


def each_once(found: list[list[Any]], key: str = "id") -> list[Any]:
    """The items of all pages in order, checking no item shows twice."""
    items = [item[key] for page in found for item in page]
    assert len(items) == len(set(items)), items
    return items


async def test_tax_rates_page_by_country_region_and_class_with_the_general_rates_last(shop, staff) -> None:
    scopes = [("US", None, None), ("DE", None, None), ("US", "CA", None), ("FR", None, None)]
    scopes += [("DE", None, "reduced"), ("DE", "BY", "zero")]
    for country, region, tax_class in scopes:
        body = {"country": country, "region": region, "tax_class": tax_class, "rate": "0.1"}
        await created(shop, "/admin/tax-rates", staff, body)

    found = await pages(shop, "/admin/tax-rates", staff, 4)
    only_us = await pages(shop, "/admin/tax-rates", staff, 1, country="us")

    assert [len(page) for page in found] == [4, 2]
    each_once(found)
    assert [(r["country"], r["region"], r["tax_class"]) for page in found for r in page] == [
        ("DE", "BY", "zero"),
        ("DE", None, "reduced"),
        ("DE", None, None),
        ("FR", None, None),
        ("US", "CA", None),
        ("US", None, None),
    ]
    assert [[r["region"] for r in page] for page in only_us] == [["CA"], [None]]


async def test_exchange_rates_page_by_currency(shop, staff) -> None:
    for currency in ("USD", "KWD", "JPY"):
        response = await shop.put(f"/admin/exchange-rates/{currency}", json={"rate": "2"}, headers=staff)
        assert response.status_code == 200, response.text

    found = await pages(shop, "/admin/exchange-rates", staff, 2)

    assert [[r["currency"] for r in page] for page in found] == [["JPY", "KWD"], ["USD"]]


async def test_warehouses_page_highest_priority_first_then_by_code(shop, staff) -> None:
    for code, priority in (("C", 5), ("E", 9), ("A", 5), ("D", -3), ("B", 9)):
        body = {"code": code, "name": f"Warehouse {code}", "country": "DE", "priority": priority}
        await created(shop, "/admin/warehouses", staff, body)

    found = await pages(shop, "/admin/warehouses", staff, 2)

    each_once(found)
    assert [[w["code"] for w in page] for page in found] == [["B", "E"], ["A", "C"], ["D"]]


async def test_shipping_zones_and_methods_page_by_zone_name_and_name(shop, staff) -> None:
    zones = {}
    for name, countries in (("World", ["*"]), ("EU", ["DE"]), ("Alps", ["AT"]), ("Nordics", ["SE"])):
        body = {"name": name, "countries": countries}
        zones[name] = await created(shop, "/admin/shipping/zones", staff, body)
    for zone, name in (("World", "Std"), ("EU", "Std"), ("EU", "Express"), ("Alps", "Std"), ("EU", "Cargo")):
        body = {"zone_id": zones[zone]["id"], "name": name, "rates": BAND}
        await created(shop, "/admin/shipping/methods", staff, body)

    found_zones = await pages(shop, "/admin/shipping/zones", staff, 3)
    found_methods = await pages(shop, "/admin/shipping/methods", staff, 2)
    of_eu = await pages(shop, "/admin/shipping/methods", staff, 2, zone_id=zones["EU"]["id"])

    each_once(found_zones)
    assert [[z["name"] for z in page] for page in found_zones] == [["Alps", "EU", "Nordics"], ["World"]]
    names = {z["id"]: z["name"] for z in zones.values()}
    each_once(found_methods)
    assert [[(names[m["zone_id"]], m["name"]) for m in page] for page in found_methods] == [
        [("Alps", "Std"), ("EU", "Cargo")],
        [("EU", "Express"), ("EU", "Std")],
        [("World", "Std")],
    ]
    assert [[m["name"] for m in page] for page in of_eu] == [["Cargo", "Express"], ["Std"]]


async def test_notification_events_page_by_name(shop, staff) -> None:
    found = await pages(shop, "/admin/notifications/templates", staff, 3)
    whole = await pages(shop, "/admin/notifications/templates", staff, 100)

    events = each_once(found, key="event")
    assert len(found) > 2
    assert all(len(page) == 3 for page in found[:-1])
    assert events == sorted(events) == [e["event"] for e in whole[0]]
    assert {"order_placed", "order_shipped", "stock_low"} <= set(events)


@pytest.mark.parametrize("url", LISTS)
async def test_a_page_size_outside_1_to_100_is_refused_naming_limit(shop, staff, url) -> None:
    for limit in (0, 101, "many"):
        assert_problem(await shop.get(url, params={"limit": limit}, headers=staff), 400, "limit")


@pytest.mark.parametrize("url", LISTS)
async def test_a_forged_cursor_is_refused_naming_the_cursor(shop, staff, url) -> None:
    forged = [cursor(p) for p in FORGED_POSITIONS] + ["not base64!", cursor({"a": 1})]

    for value in forged:
        response = await shop.get(url, params={"cursor": value}, headers=staff)
        assert response.status_code == 422, (value, response.text)
        assert_problem(response, 422, "cursor")
