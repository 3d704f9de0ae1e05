"""Split mode for real: ``POST /quotes`` on a pricing process that asks the others over NATS.

Pricing runs alone; the catalogue, customers and promotions run in a second process on
the same database. The quote asks the variants, the shopper and the discounts over NATS,
and prices only what pricing copied from the catalogue's events.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx

from core.security import Principal, TokenCodec
from tests.e2e.test_split import SECRET, free_port, process, ready, split_env
from tests.support.eventually import eventually

__all__ = ["split_env"]

PERMISSIONS = frozenset(f"{d}:{a}" for d in ("catalog", "promotions", "pricing") for a in ("read", "write"))


def staff_headers() -> dict[str, str]:
    staff = Principal(subject=str(uuid.uuid4()), kind="staff", session_id="s", permissions=PERMISSIONS)
    return {"Authorization": f"Bearer {TokenCodec(SECRET).issue(staff)}"}


async def created(client: httpx.AsyncClient, url: str, headers: dict[str, str], body: Any) -> dict[str, Any]:
    response = await client.post(url, headers=headers, json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_a_quote_on_the_pricing_process_prices_discounts_and_taxes_over_nats(split_env) -> None:
    headers = staff_headers()
    with (
        process("catalog,customers,promotions", free_port(), split_env) as shop,
        process("pricing", free_port(), split_env) as pricing,
    ):
        await asyncio.gather(ready(shop), ready(pricing))
        async with httpx.AsyncClient(timeout=10) as client:
            made = await created(
                client,
                f"{shop}/admin/products",
                headers,
                {
                    "name": "Enamel mug",
                    "variants": [{"sku": "MUG-SPLIT", "price": {"amount": 2000, "currency": "EUR"}}],
                },
            )
            published = await client.post(f"{shop}/admin/products/{made['id']}/publish", headers=headers)
            assert published.status_code == 200, published.text
            sale = await created(
                client,
                f"{shop}/admin/promotions",
                headers,
                {"name": "Tenth off", "kind": "percentage", "value": "10"},
            )
            await created(
                client,
                f"{pricing}/admin/tax-rates",
                headers,
                {"country": "DE", "rate": "0.19", "inclusive": True},
            )
            assert (await client.post(f"{shop}/quotes", json={})).status_code == 404
            body = {"items": [{"sku": "MUG-SPLIT", "quantity": 2}], "shipping_address": {"country": "DE"}}

            async def quoted() -> dict[str, Any] | None:
                reply = await client.post(f"{pricing}/quotes", json=body)
                if reply.status_code != 200:  # not priced yet: pricing copies catalogue events
                    return None
                result: dict[str, Any] = reply.json()
                return result if result["lines"][0]["unit_price"]["amount"] == 2000 else None

            quote = await eventually(quoted, within=30, pause=0.2)

    [line] = quote["lines"]
    vat = 3600 - round(3600 / 1.19)  # 575: the VAT an inclusive 19% holds in 3600
    assert (line["sku"], line["quantity"], line["unit_price"]) == (
        "MUG-SPLIT",
        2,
        {"amount": 2000, "currency": "EUR"},
    )
    assert (line["discount"]["amount"], line["total"]["amount"], line["tax"]["amount"]) == (400, 3600, vat)
    assert (line["tax_rate"], line["tax_inclusive"], line["product_id"]) == ("0.19", True, made["id"])
    assert {name: money["amount"] for name, money in quote["totals"].items()} == {
        "subtotal": 4000,
        "discount": 400,
        "shipping": 0,
        "tax": vat,
        "total": 3600,
    }
    assert quote["tax_known"] is True
    assert [(p["id"], p["name"], p["amount"]["amount"]) for p in quote["applied_promotions"]] == [
        (sale["id"], "Tenth off", 400)
    ]
