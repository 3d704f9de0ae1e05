"""A flash sale: 1,000 buyers at once for 100 units of one SKU, Mercato beside a naive checkout.

A Mercato buyer does what a shopper's client does: create a cart, add the SKU
(which reserves it; 409 once it is gone), set a DE address, choose the shipping
method and check out with the sandbox token "ok" and an Idempotency-Key. A baseline
buyer sends one ``POST /checkout`` to ``bench/baseline_checkout.py`` (lock the stock
row, update it, insert the order, in one transaction). Every buyer opens its own
connection and all start together; a round is over when every buyer has an answer.
Each side runs two rounds alternately (stock refilled to 100 before each), keeping
the second, and must sell exactly 100 units with no other answer than 201 and 409.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from bench.http import Connection, server
from bench.measure import Figures, percentile
from bench.products import _embedded_url, _environment, _quiesce, settled
from bench.quotes import _call, call
from core.security import Principal, TokenCodec

SKU = "FLASH-1"
UNITS = 100
SHOP_PORT, BASELINE_PORT = 8768, 8769
PERMISSIONS = ("catalog", "pricing", "inventory", "shipping", "orders")
ADDRESS = {"line1": "Hauptstr. 1", "city": "Berlin", "postal_code": "10115", "country": "DE"}


@dataclass(frozen=True)
class Round:
    figures: Figures
    answers: Counter[int]
    checkout_p99_ms: float | None = None


def _token(secret: str) -> dict[str, str]:
    principal = Principal(
        subject=str(uuid.uuid4()),
        kind="staff",
        session_id=str(uuid.uuid4()),
        permissions=frozenset(f"{p}:{a}" for p in PERMISSIONS for a in ("read", "write")),
    )
    return {"Authorization": f"Bearer {TokenCodec(secret).issue(principal)}"}


async def set_up(base: str, staff: dict[str, str]) -> str:
    """The SKU on sale, a warehouse, a worldwide shipping method; the method's id."""
    variant = {"sku": SKU, "price": {"amount": 1999, "currency": "EUR"}, "options": {"edition": "flash"}}
    made = await call(base, "/admin/products", staff, {"name": "Flash sale", "variants": [variant]}, 201)
    await call(base, f"/admin/products/{made['id']}/publish", staff, {})
    await call(base, "/admin/warehouses", staff, {"code": "MAIN", "name": "Main", "country": "DE"}, 201)
    zone = await call(base, "/admin/shipping/zones", staff, {"name": "World", "countries": ["*"]}, 201)
    rates = [{"max_weight_grams": 100_000, "price": 490}]
    method = {"zone_id": zone["id"], "name": "Standard", "carrier": "table_rate", "rates": rates}
    made_method = await call(base, "/admin/shipping/methods", staff, method, 201)
    async with asyncio.timeout(120):  # pricing copies the price from the catalogue's events
        while (await asyncio.to_thread(_call, base, "/quotes", {}, {"items": [{"sku": SKU, "quantity": 1}]}))[
            0
        ] != 200:
            await asyncio.sleep(0.2)
    return str(made_method["id"])


async def refill(base: str, staff: dict[str, str], units: int = UNITS) -> None:
    """Bring the SKU back to ``units`` available."""
    level = await call(base, f"/admin/stock/{SKU}", staff)
    body = {"sku": SKU, "warehouse": "MAIN", "delta": units - level["available"], "reason": "flash sale"}
    if body["delta"]:
        await call(base, "/admin/stock/adjustments", staff, body, 201)


async def shop_buyer(method_id: str, port: int = SHOP_PORT) -> tuple[int, float | None]:
    """One shopper's whole purchase: its last status and how long the checkout request took."""
    connection = Connection("127.0.0.1", port)
    try:
        status, body = await connection.call("POST", "/carts", b"{}")
        if status != 201:
            return status, None
        cart = f"/carts/{json.loads(body)['id']}"
        steps = [
            (f"{cart}/items", {"sku": SKU, "quantity": 1}),
            (f"{cart}/shipping-address", ADDRESS),
            (f"{cart}/shipping-method", {"method_id": method_id}),
        ]
        for path, payload in steps:
            status, _ = await connection.call("POST", path, json.dumps(payload).encode())
            if status not in (200, 201):
                return status, None
        pay = {"email": "buyer@example.com", "payment": {"provider": "sandbox", "token": "ok"}}
        started = time.perf_counter()
        status, _ = await connection.call(
            "POST", f"{cart}/checkout", json.dumps(pay).encode(), {"Idempotency-Key": secrets.token_hex(8)}
        )
        return status, time.perf_counter() - started
    finally:
        await connection.close()


async def baseline_buyer() -> tuple[int, float | None]:
    connection = Connection("127.0.0.1", BASELINE_PORT)
    try:
        body = json.dumps({"sku": SKU, "quantity": 1, "email": "buyer@example.com"}).encode()
        status, _ = await connection.call("POST", "/checkout", body)
        return status, None
    finally:
        await connection.close()


async def flash_sale(name: str, buyers: int, buyer: Any) -> Round:
    async def timed() -> tuple[int, float, float | None]:
        started = time.perf_counter()
        status, checkout = await buyer()
        return status, time.perf_counter() - started, checkout

    started = time.perf_counter()
    results = await asyncio.gather(*(timed() for _ in range(buyers)))
    elapsed = time.perf_counter() - started
    answers = Counter(status for status, _, _ in results)
    if answers[201] != UNITS or set(answers) - {201, 409}:
        raise RuntimeError(f"{name}: sold {answers[201]} of {UNITS}, answers {dict(answers)}")
    latencies = sorted(seconds for _, seconds, _ in results)
    checkouts = sorted(c for _, _, c in results if c is not None)
    figures = Figures(
        name, buyers, elapsed, percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
    )
    return Round(figures, answers, percentile(checkouts, 0.99) * 1000 if checkouts else None)


def _reset_baseline(database_url: str, units: int = UNITS) -> None:
    import asyncpg

    async def reset() -> None:
        conn = await asyncpg.connect(database_url)
        try:
            await conn.execute(
                "INSERT INTO bench_stock VALUES ($1, $2) ON CONFLICT (sku) DO UPDATE SET on_hand = $2",
                SKU,
                units,
            )
        finally:
            await conn.close()

    asyncio.run(reset())


@dataclass(frozen=True)
class Shops:
    """The shop and the baseline, running on one database, the sale's SKU set up in the shop."""

    base: str
    staff: dict[str, str]
    method_id: str
    database_url: str
    data_dir: str
    shop: subprocess.Popen[bytes]
    baseline: subprocess.Popen[bytes]


@contextlib.asynccontextmanager
async def shops() -> AsyncIterator[Shops]:
    with tempfile.TemporaryDirectory(prefix="mercato-bench-") as data_dir:
        database_url = os.environ.get("BENCH_DATABASE_URL") or _embedded_url(data_dir)
        env = _environment(data_dir, SHOP_PORT, database_url)
        secret = secrets.token_urlsafe(48)
        env["MERCATO_SECRET_KEY"] = secret
        if os.environ.get("BENCH_DATABASE_URL"):
            await asyncio.to_thread(
                subprocess.run, [sys.executable, "-m", "cli", "migrate"], env=env, check=True
            )
        else:
            env.pop("DATABASE_URL")  # the shop starts the same embedded server itself (and migrates)
        baseline_env = _environment(data_dir, BASELINE_PORT, database_url)
        base = f"http://127.0.0.1:{SHOP_PORT}"
        staff = _token(secret)
        with (
            server(["-m", "cli", "serve"], f"{base}/health/ready", env=env) as shop,
            server(
                ["-m", "bench.baseline_checkout"],
                f"http://127.0.0.1:{BASELINE_PORT}/health/ready",
                env=baseline_env,
            ) as baseline,
        ):
            method_id = await set_up(base, staff)
            yield Shops(base, staff, method_id, database_url, data_dir, shop, baseline)


async def run(quick: bool = False) -> tuple[list[tuple[Figures, Figures]], str]:
    buyers = 300 if quick else 1_000
    async with shops() as up:
        for _ in range(2):
            await refill(up.base, up.staff)
            await settled(up.base)
            await _quiesce(up.database_url)
            shop = await flash_sale(
                f"mercato: {buyers} buyers, cart -> checkout", buyers, lambda: shop_buyer(up.method_id)
            )
            await asyncio.to_thread(_reset_baseline, up.database_url)
            baseline = await flash_sale(
                f"baseline: {buyers} buyers, one SELECT FOR UPDATE checkout", buyers, baseline_buyer
            )
    note = (
        f"Each side sold exactly {UNITS} units and refused the rest with 409. "
        f"p99 of Mercato's checkout request alone (the {UNITS} that reached it): "
        f"{shop.checkout_p99_ms:.1f} ms."
    )
    return [(shop.figures, baseline.figures)], note
