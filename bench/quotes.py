"""POST /quotes, 10 lines and 20 active promotions, beside the bare promotions evaluation.

The shop (``mercato serve``) is set up over HTTP with a staff token signed with
its secret key: 10 published products, 20 automatic promotions of every kind
but free shipping, a DE tax rate. The baseline is the pure model function the
``EvaluatePromotions`` handler calls (``domains.promotions.model.evaluation.evaluate``)
on the same 10 lines and the same 20 promotions (built from the shop's replies,
ids included), called in this process with no I/O. Before measuring, one quote
is checked to give the discounts the bare call gives.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import sys
import tempfile
import urllib.request
import uuid
from datetime import UTC, datetime
from typing import Any

import msgspec

from bench.http import Connection, server
from bench.measure import Figures, run_load
from bench.products import _embedded_url, _environment, _quiesce, settled
from core.security import Principal, TokenCodec
from core.validation import Findings
from domains.promotions.messages import CreatePromotion
from domains.promotions.model.evaluation import Cart, Line, Offer, evaluate
from domains.promotions.model.promotions import Promotion
from domains.promotions.model.rules import promotion

CONCURRENCY = 16
PORT = 8767
PERMISSIONS = ("catalog", "pricing", "promotions")

# (SKU, EUR cents, quantity): the 10 lines of every quote.
LINES = [(f"BENCH-{i:02d}", 1_000 + 450 * i, 1 + i % 3) for i in range(10)]
SKUS = [sku for sku, _, _ in LINES]


def promotion_bodies() -> list[dict[str, Any]]:
    """20 automatic promotions: percentages (5-10 %), fixed amounts, buy x get y, tiers, SKU conditions."""
    bodies: list[dict[str, Any]] = []
    for i, value in enumerate(("5", "6", "7", "8", "9", "10")):
        conditions: dict[str, Any] = {"skus": SKUS[i : i + 4]} if i % 2 else {}
        bodies.append(
            {"name": f"{value} % off", "kind": "percentage", "value": value, "priority": i, **_on(conditions)}
        )
    for i, amount in enumerate((200, 300, 500, 750)):
        conditions = {"min_subtotal": 5_000 * (i + 1)} if i % 2 else {"skus": SKUS[2 * i : 2 * i + 3]}
        bodies.append({"name": f"{amount} off", "kind": "fixed", "value": amount, **_on(conditions)})
    for i, (buy, get, percent) in enumerate(((2, 1, 100), (3, 1, 50), (1, 1, 30), (4, 2, 100))):
        bodies.append(
            {
                "name": f"buy {buy} get {get} at {percent} %",
                "kind": "buy_x_get_y",
                "buy": buy,
                "get": get,
                "get_percent": percent,
                "priority": -i,
                **_on({"skus": SKUS[i : i + 5]} if i % 2 == 0 else {}),
            }
        )
    tiers: list[tuple[str, list[tuple[int, str | int]]]] = [
        ("percentage", [(10_000, "5"), (20_000, "7.5"), (40_000, "10")]),
        ("fixed", [(5_000, 250), (15_000, 600)]),
        ("percentage", [(2_000, "6"), (8_000, "8")]),
        ("fixed", [(1_000, 100), (3_000, 300), (9_000, 900)]),
    ]
    for i, (kind, steps) in enumerate(tiers):
        bodies.append(
            {
                "name": f"tiered {kind} {i}",
                "kind": kind,
                "tiers": [{"min_subtotal": least, "value": value} for least, value in steps],
                **_on({"skus": SKUS[5:]} if i % 2 else {}),
            }
        )
    bodies.append({"name": "exclusive 10 %", "kind": "percentage", "value": "10", "exclusive": True})
    bodies.append(
        {"name": "exclusive 1500 off", "kind": "fixed", "value": 1_500, "exclusive": True, "priority": 5}
    )
    assert len(bodies) == 20
    return bodies


def _on(conditions: dict[str, Any]) -> dict[str, Any]:
    return {"conditions": conditions} if conditions else {}


QUOTE = json.dumps(
    {
        "items": [{"sku": sku, "quantity": quantity} for sku, _, quantity in LINES],
        "shipping_address": {"country": "DE"},
    }
).encode()


def _call(base: str, path: str, headers: dict[str, str], body: object = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    method = "GET" if body is None else "POST"
    request = urllib.request.Request(
        base + path, data=data, method=method, headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


async def call(base: str, path: str, headers: dict[str, str], body: object = None, want: int = 200) -> Any:
    status, reply = await asyncio.to_thread(_call, base, path, headers, body)
    if status != want:
        raise RuntimeError(f"{path} answered {status}: {reply}")
    return reply


async def set_up(base: str, headers: dict[str, str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The products, the promotions and the DE rate; the promotions' details and a first quote."""
    for sku, amount, _ in LINES:
        variant = {"sku": sku, "price": {"amount": amount, "currency": "EUR"}, "options": {"n": sku}}
        made = await call(
            base, "/admin/products", headers, {"name": f"Bench {sku}", "variants": [variant]}, 201
        )
        await call(base, f"/admin/products/{made['id']}/publish", headers, {})
    details = [await call(base, "/admin/promotions", headers, body, 201) for body in promotion_bodies()]
    await call(base, "/admin/tax-rates", headers, {"country": "DE", "rate": "0.19", "inclusive": True}, 201)
    active = await call(base, "/admin/promotions?active=true&limit=100", headers)
    if len(active["items"]) != len(details) or active["next_cursor"]:
        raise RuntimeError("the database holds other active promotions: use a fresh one")
    async with asyncio.timeout(120):  # pricing copies the prices from catalogue events
        while True:
            status, reply = await asyncio.to_thread(_call, base, "/quotes", {}, json.loads(QUOTE))
            if status == 200:
                return details, reply
            await asyncio.sleep(0.2)


def offers_of(details: list[dict[str, Any]]) -> list[Offer]:
    """The shop's promotions as model objects, as ``rules.revised`` rebuilds one from its details."""
    keep = set(CreatePromotion.__struct_fields__)
    found = Findings()
    made: list[Promotion] = []
    for d in details:
        spec = msgspec.convert(
            {**{k: v for k, v in d.items() if k in keep}, "promotion_id": d["id"]}, CreatePromotion
        )
        made.append(promotion(spec, d["currency"], datetime.fromisoformat(d["created_at"]), found))
    found.raise_any()
    return [Offer(promotion=p) for p in made]


def cart_of(quoted: dict[str, Any]) -> Cart:
    """The cart ``QuoteCart`` hands to ``EvaluatePromotions``: the quote's lines at their unit prices."""
    return Cart(
        currency=quoted["currency"],
        lines=tuple(
            Line(sku=line["sku"], quantity=line["quantity"], unit_price=line["unit_price"]["amount"])
            for line in quoted["lines"]
        ),
    )


def check_same(quoted: dict[str, Any], cart: Cart, offers: list[Offer]) -> None:
    """The quote's discounts are those of the bare call, so both sides do the same evaluation."""
    bare = evaluate(cart, offers, [], datetime.now(UTC), 1)
    over_http = [line["discount"]["amount"] for line in quoted["lines"]]
    applied = sorted(p["name"] for p in quoted["applied_promotions"])
    if over_http != bare.line_discounts or applied != sorted(s.offer.promotion.name for s in bare.applied):
        raise RuntimeError(f"the quote {over_http} {applied} differs from the bare evaluation {bare}")
    if len(applied) < 10:
        raise RuntimeError(f"only {len(applied)} promotions apply: {applied}")


async def measure_http(name: str, total: int) -> Figures:
    connections = [Connection("127.0.0.1", PORT) for _ in range(CONCURRENCY)]
    free: asyncio.Queue[Connection] = asyncio.Queue()
    for connection in connections:
        free.put_nowait(connection)

    async def one() -> None:
        connection = await free.get()
        try:
            status = await connection.post("/quotes", QUOTE)
            if status != 200:
                raise RuntimeError(f"{name}: answered {status}")
        finally:
            free.put_nowait(connection)

    try:
        return await run_load(name, one, total=total, concurrency=CONCURRENCY)
    finally:
        for connection in connections:
            await connection.close()


async def measure_bare(name: str, total: int, cart: Cart, offers: list[Offer]) -> Figures:
    now = datetime.now(UTC)

    async def one() -> None:
        evaluate(cart, offers, [], now, 1)

    # One caller: the call never yields, so more would only queue behind each other.
    return await run_load(name, one, total=total, concurrency=1)


def _token(secret: str) -> dict[str, str]:
    principal = Principal(
        subject=str(uuid.uuid4()),
        kind="staff",
        session_id=str(uuid.uuid4()),
        permissions=frozenset(f"{p}:{a}" for p in PERMISSIONS for a in ("read", "write")),
    )
    return {"Authorization": f"Bearer {TokenCodec(secret).issue(principal)}"}


async def run(quick: bool = False) -> list[tuple[Figures, Figures]]:
    total, bare_total = (300, 2_000) if quick else (2_000, 20_000)
    with tempfile.TemporaryDirectory(prefix="mercato-bench-") as data_dir:
        database_url = os.environ.get("BENCH_DATABASE_URL") or _embedded_url(data_dir)
        env = _environment(data_dir, PORT, database_url)
        secret = secrets.token_urlsafe(48)
        env["MERCATO_SECRET_KEY"] = secret
        if os.environ.get("BENCH_DATABASE_URL"):
            await asyncio.to_thread(
                subprocess.run,
                [sys.executable, "-m", "cli", "migrate"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        else:
            env.pop("DATABASE_URL")  # the shop starts the same embedded server itself (and migrates)
        base = f"http://127.0.0.1:{PORT}"
        with server(["-m", "cli", "serve"], f"{base}/health/ready", env=env):
            details, quoted = await set_up(base, _token(secret))
            cart, offers = cart_of(quoted), offers_of(details)
            check_same(quoted, cart, offers)
            await settled(base)
            await _quiesce(database_url)
            # Two rounds, alternating, keeping the second, as the other HTTP benchmarks do.
            for _ in range(2):
                http = await measure_http("mercato POST /quotes (10 lines, 20 promotions, DE tax)", total)
                bare = await measure_bare(
                    "baseline: bare evaluate(), same cart and promotions", bare_total, cart, offers
                )
    return [(http, bare)]
