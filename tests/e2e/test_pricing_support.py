"""Helpers shared by the pricing e2e tests (no tests here): a shop in three currencies, products, waits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from config.settings import Settings
from domains.pricing.messages import PriceSkus, SkuPrice
from tests.support.eventually import eventually

STAFF = ("pricing:read", "pricing:write", "catalog:read", "catalog:write", "customers:write")


@pytest.fixture
def shop_settings(settings: Settings) -> Settings:
    """The shop sells in EUR (its default), USD, JPY and KWD."""
    return msgspec.structs.replace(settings, currencies=["EUR", "USD", "JPY", "KWD"])


@pytest.fixture
async def shop(shop_settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    from app import create_app

    async with AsyncTestClient(app=create_app(shop_settings)) as test_client:
        yield test_client


@pytest.fixture
def staff(staff_headers: Callable[..., dict[str, str]]) -> dict[str, str]:
    return staff_headers(*STAFF)


async def created(client: Any, path: str, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def ask(client: Any, query: Any) -> Any:
    """A query on the app's own bus, which lives on the test client's portal thread (its loop and pool)."""
    return await asyncio.to_thread(client.blocking_portal.call, client.app.state.bus.ask, query)


async def prices(client: Any, *skus: str, **fields: Any) -> list[SkuPrice]:
    found: list[SkuPrice] = await ask(client, PriceSkus(skus=list(skus), **fields))
    return found


async def product(client: Any, headers: dict[str, str], *priced: tuple[str, int]) -> dict[str, Any]:
    """A product whose variants have these (SKU, EUR cents), once pricing has copied its prices."""
    variants = [
        {"sku": sku, "price": {"amount": amount, "currency": "EUR"}, "options": {"n": sku}}
        for sku, amount in priced
    ]
    made = await created(
        client, "/admin/products", headers, {"name": "Thing " + priced[0][0], "variants": variants}
    )

    async def copied() -> bool:
        found = await prices(client, *(sku for sku, _ in priced))
        return [(p.sku, p.regular_price.amount) for p in found] == [(s.upper(), a) for s, a in priced]

    await eventually(copied)
    return made


async def price_list(client: Any, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    return await created(client, "/admin/price-lists", headers, {"name": "Sale", "currency": "EUR", **body})


async def segment(client: Any, headers: dict[str, str], name: str = "Members") -> str:
    """A static customer segment's id, for price lists that only its members get."""
    made = await created(client, "/admin/segments", headers, {"name": name, "kind": "static"})
    return str(made["id"])


async def put_prices(client: Any, headers: dict[str, str], list_id: str, **amounts: int) -> Any:
    body = {"prices": [{"sku": sku, "amount": amount} for sku, amount in amounts.items()]}
    return await client.put(f"/admin/price-lists/{list_id}/prices", json=body, headers=headers)
