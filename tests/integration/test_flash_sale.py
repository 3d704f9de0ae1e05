"""A flash sale on real PostgreSQL: the last unit is sold exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter

from tests.support.shop import STAFF, buy, open_shop

BUYERS, UNITS = 200, 20


async def test_two_hundred_buyers_of_twenty_units_make_exactly_twenty_orders(client, staff_headers) -> None:
    staff = staff_headers(*STAFF)
    method = await open_shop(client, staff, "FLASH-1", UNITS)

    replies = await asyncio.gather(*(buy(client, "FLASH-1", method) for _ in range(BUYERS)))

    assert Counter(r.status_code for r in replies) == {201: UNITS, 409: BUYERS - UNITS}
    assert all(r.json()["status"] == "paid" for r in replies if r.status_code == 201)
    refusals = [r for r in replies if r.status_code == 409]
    assert all(r.headers["content-type"].startswith("application/problem+json") for r in refusals)
    orders = (await client.get("/admin/orders?status=paid&limit=100", headers=staff)).json()["items"]
    assert len(orders) == UNITS
    stock = (await client.get("/admin/stock/FLASH-1", headers=staff)).json()
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (UNITS, UNITS, 0)
