"""The `mercato` command against a real database, as an operator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import asyncpg
from litestar.testing import AsyncTestClient

import domains
from app import create_app

ROOT = Path(__file__).resolve().parents[2]


def mercato(database_url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MERCATO_") and k != "NATS_URL"}
    env.update(
        DATABASE_URL=database_url,
        MERCATO_DATA_DIR=str(data_dir),
        MERCATO_LOG_LEVEL="warning",
        MERCATO_SECRET_KEY="cli-test-secret-key-0123456789abcdef",
    )
    return subprocess.run(
        [sys.executable, "-m", "cli", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=240
    )


async def count(database_url: str, sql: str) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        return int(await conn.fetchval(sql))
    finally:
        await conn.close()


async def test_staff_create_then_a_second_time_with_the_same_email_fails_cleanly(
    database_url, tmp_path
) -> None:
    first = mercato(
        database_url, tmp_path, "staff", "create", "--email", "ops@example.com", "--password", "s3cret-pass"
    )
    assert first.returncode == 0, first.stderr
    again = mercato(
        database_url, tmp_path, "staff", "create", "--email", "ops@example.com", "--password", "s3cret-pass"
    )
    assert again.returncode == 1
    assert "Traceback" not in again.stderr
    assert await count(database_url, "SELECT count(*) FROM identity_staff_users") == 1


async def test_demo_then_reindex_fills_the_search_index(database_url, tmp_path) -> None:
    demo = mercato(database_url, tmp_path, "demo", "--products", "40")
    assert demo.returncode == 0, demo.stderr
    assert "admin@example.com" in demo.stdout
    assert await count(database_url, "SELECT count(*) FROM catalog_product WHERE status = 'published'") == 40
    reindex = mercato(database_url, tmp_path, "search", "reindex")
    assert reindex.returncode == 0, reindex.stderr
    assert "40 documents" in reindex.stdout
    assert await count(database_url, "SELECT count(*) FROM search_documents WHERE type = 'product'") == 40


async def test_migrate_status_lists_every_domain(database_url, tmp_path) -> None:
    status = mercato(database_url, tmp_path, "migrate", "status")
    assert status.returncode == 0, status.stderr
    apps = {
        line.split()[1].split("/")[0] for line in status.stdout.splitlines() if line.startswith("applied")
    }
    assert apps == {"runtime", *domains.NAMES}


async def shop_state(client, headers: dict[str, str], sku: str) -> dict[str, object]:
    """What a shopper can buy with: a SKU's stock and its ledger, shipping to DE, DE's VAT."""
    stock = await client.get(f"/admin/stock/{sku}", headers=headers)
    movements = await client.get("/admin/stock/movements", params={"sku": sku}, headers=headers)
    shipping = await client.get("/shipping/options", params={"country": "DE", "weight_grams": 500})
    zones = await client.get("/admin/shipping/zones", headers=headers)
    rates = await client.get("/admin/tax-rates", params={"limit": 100}, headers=headers)
    for response in (stock, movements, shipping, zones, rates):
        assert response.status_code == 200, response.text
    return {
        "on_hand": stock.json()["on_hand"],
        "movements": len(movements.json()["items"]),
        "shipping": [(o["name"], o["price"]["amount"], o["price"]["currency"]) for o in shipping.json()],
        "zones": [(z["name"], z["countries"]) for z in zones.json()["items"]],
        "rates": [(r["country"], r["tax_class"], r["rate"], r["inclusive"]) for r in rates.json()["items"]],
    }


async def test_demo_stocks_ships_and_taxes_so_a_shopper_can_buy_and_a_second_run_adds_nothing(
    database_url, tmp_path, settings, staff_headers
) -> None:
    headers = staff_headers("inventory:read", "shipping:read", "pricing:read")

    first = mercato(database_url, tmp_path, "demo", "--products", "3")
    assert first.returncode == 0, first.stderr
    async with AsyncTestClient(app=create_app(settings)) as client:
        after_first = await shop_state(client, headers, "DEMO-00001-1")
    second = mercato(database_url, tmp_path, "demo", "--products", "3")
    assert second.returncode == 0, second.stderr
    async with AsyncTestClient(app=create_app(settings)) as client:
        after_second = await shop_state(client, headers, "DEMO-00001-1")

    assert "demo shipping: Standard" in first.stdout
    assert "demo tax: 38 tax rates" in first.stdout
    assert after_first["on_hand"] == 100
    assert after_first["shipping"] == [("Standard", 490, "EUR")]
    assert after_first["zones"] == [("World", ["*"])]
    assert ("DE", None, "0.19", True) in after_first["rates"]
    assert ("DE", "reduced", "0.07", True) in after_first["rates"]
    assert after_second == after_first
