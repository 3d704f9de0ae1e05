"""Forged cursors on the lists of orders, returns, notifications, price lists, customers,
shipments, promotions and campaigns: a 422 naming the cursor, never a 500 (the catalogue's and
CMS's lists have their own test).

A cursor is base64url JSON, so a client can make one of any shape."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.cursors import FORGED_POSITIONS as COMMON_FORGED
from tests.support.cursors import ID, cursor
from tests.support.problems import assert_problem

FORGED_POSITIONS: list[list[Any]] = [
    *COMMON_FORGED,
    ["2026-01-01T00:00:00+00:00", 10**30],
    ["2026-01-01T00:00:00", ID],
    ["2026-01-01T00:00:00+00:00", ID, "extra"],
    ["9999-12-31T23:59:59-14:00", ID],
]
STAFF_LISTS = [
    "/admin/orders",
    "/admin/returns",
    "/admin/notifications/messages",
    "/admin/price-lists",
    "/admin/customers",
    "/admin/shipments",
    "/admin/promotions",
    "/admin/campaigns",
]
PERMISSIONS = (
    "orders:read",
    "notifications:read",
    "pricing:read",
    "customers:read",
    "shipping:read",
    "promotions:read",
)


def refused_everywhere(responses: dict[str, Any]) -> None:
    for position, response in responses.items():
        assert response.status_code == 422, (position, response.text)
        assert_problem(response, 422, "cursor")


@pytest.mark.parametrize("url", STAFF_LISTS)
async def test_a_forged_cursor_on_a_staff_list_is_refused_naming_the_cursor(
    client, staff_headers, url
) -> None:
    staff = staff_headers(*PERMISSIONS)
    refused_everywhere(
        {str(p): await client.get(f"{url}?cursor={cursor(p)}", headers=staff) for p in FORGED_POSITIONS}
    )


@pytest.mark.parametrize("url", ["/orders", "/me/notifications"])
async def test_a_forged_cursor_on_a_shoppers_list_is_refused_naming_the_cursor(
    client, customer_headers, url
) -> None:
    refused_everywhere(
        {
            str(p): await client.get(f"{url}?cursor={cursor(p)}", headers=customer_headers)
            for p in FORGED_POSITIONS
        }
    )
