"""What each step of a purchase costs in CPU: the shop's process and PostgreSQL's, per request.

The flash sale (``bench/checkout.py``) is CPU-bound on a small machine, so its ratio to
the baseline is bounded by what one buyer costs on each side. This measures each step a
shopper's client makes (8 clients, ``N`` requests a step, the reply and every event it
caused fully handled) and the baseline's checkout, sold and refused, from the processes'
own CPU counters (``/proc``), and sums a flash-sale buyer: one in ten buys.
"""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bench.checkout import (
    ADDRESS,
    BASELINE_PORT,
    SHOP_PORT,
    SKU,
    UNITS,
    Shops,
    _reset_baseline,
    refill,
    shops,
)
from bench.http import Connection
from bench.products import _quiesce, settled

CLIENTS = 8
BUYERS = 1_000  # the flash sale's buyers for its UNITS
Call = Callable[[Connection, int], Awaitable[None]]


@dataclass(frozen=True)
class Cost:
    step: str
    server_ms: float
    database_ms: float | None
    per_second: float

    def row(self) -> str:
        database = "n/a" if self.database_ms is None else f"{self.database_ms:.2f}"
        return f"| {self.step} | {self.server_ms:.2f} | {database} | {self.per_second:,.0f} |"


def _cpu_seconds(pid: int) -> float:
    """User and system CPU of a live process."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _database_pids(data_dir: str) -> list[int]:
    """The embedded server's processes (none when BENCH_DATABASE_URL names another server)."""
    found = next(pathlib.Path(data_dir).rglob("postmaster.pid"), None)
    if found is None:
        return []
    postmaster = int(found.read_text().split()[0])
    children = []
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                children.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return [postmaster, *children]


def _cpu_of(pids: list[int]) -> dict[int, float]:
    found = {}
    for pid in pids:
        try:
            found[pid] = _cpu_seconds(pid)
        except OSError:
            continue  # a backend that ended
    return found


def _used(before: dict[int, float], data_dir: str) -> float:
    """CPU the database's processes used since ``before``: a backend that ended meanwhile is lost to
    the count (pools keep theirs open), one that started counts whole."""
    after = _cpu_of(_database_pids(data_dir))
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


async def _step(up: Shops, step: str, server_pid: int, requests: int, call: Call, port: int) -> Cost:
    connections = [Connection("127.0.0.1", port) for _ in range(CLIENTS)]

    async def client(first: int, connection: Connection) -> None:
        for i in range(first, requests, CLIENTS):
            await call(connection, i)

    try:
        await settled(up.base)
        await _quiesce(up.database_url)  # no vacuum or checkpoint left over from the step before
        database = _cpu_of(_database_pids(up.data_dir))
        server_before = _cpu_seconds(server_pid)
        started = time.perf_counter()
        await asyncio.gather(*(client(i, c) for i, c in enumerate(connections)))
        elapsed = time.perf_counter() - started
        await settled(up.base)  # what the requests' events caused is part of their cost
        server = (_cpu_seconds(server_pid) - server_before) / requests * 1000
        used = _used(database, up.data_dir) / requests * 1000 if database else None
        return Cost(step, server, used, requests / elapsed)
    finally:
        for connection in connections:
            await connection.close()


def _expect(*statuses: int) -> Callable[[tuple[int, bytes]], None]:
    def check(reply: tuple[int, bytes]) -> None:
        if reply[0] not in statuses:
            raise RuntimeError(f"expected {statuses}, got {reply[0]}: {reply[1][:300]!r}")

    return check


async def run(quick: bool = False) -> str:
    requests = 200 if quick else 1_000
    async with shops() as up:
        shop_pid, baseline_pid = up.shop.pid, up.baseline.pid
        carts: list[str] = []
        ok, refused = _expect(200, 201), _expect(409)

        async def health(c: Connection, i: int) -> None:
            ok(await c.call("GET", "/health/live"))

        async def create(c: Connection, i: int) -> None:
            status, body = await c.call("POST", "/carts", b"{}")
            ok((status, body))
            carts.append(json.loads(body)["id"])

        def on_cart(path: str, payload: object, check: Callable[[tuple[int, bytes]], None]) -> Call:
            body = json.dumps(payload).encode()

            async def call(c: Connection, i: int) -> None:
                check(await c.call("POST", f"/carts/{carts[i]}{path}", body))

            return call

        async def checkout(c: Connection, i: int) -> None:
            pay = {"email": "buyer@example.com", "payment": {"provider": "sandbox", "token": "ok"}}
            headers = {"Idempotency-Key": secrets.token_hex(8)}
            ok(await c.call("POST", f"/carts/{carts[i]}/checkout", json.dumps(pay).encode(), headers))

        def baseline(check: Callable[[tuple[int, bytes]], None]) -> Call:
            body = json.dumps({"sku": SKU, "quantity": 1, "email": "buyer@example.com"}).encode()

            async def call(c: Connection, i: int) -> None:
                check(await c.call("POST", "/checkout", body))

            return call

        item = {"sku": SKU, "quantity": 1}
        shop_steps: list[tuple[str, Call, int | None]] = [
            ("GET /health/live (the HTTP stack alone)", health, None),
            ("POST /carts", create, None),
            ("add the SKU, sold out (409)", on_cart("/items", item, refused), 0),
            ("add the SKU, held", on_cart("/items", item, ok), requests),
            ("shipping address", on_cart("/shipping-address", ADDRESS, ok), None),
            ("shipping method", on_cart("/shipping-method", {"method_id": up.method_id}, ok), None),
            ("checkout (the saga)", checkout, None),
        ]
        costs: dict[str, Cost] = {}
        for step, call, stock in shop_steps:
            if stock is not None:
                await refill(up.base, up.staff, stock)
            costs[step] = await _step(up, step, shop_pid, requests, call, SHOP_PORT)
        await _set_baseline_stock(up.database_url, requests)
        costs["baseline checkout, sold"] = await _step(
            up, "baseline checkout, sold", baseline_pid, requests, baseline(ok), BASELINE_PORT
        )
        costs["baseline checkout, sold out (409)"] = await _step(
            up, "baseline checkout, sold out (409)", baseline_pid, requests, baseline(refused), BASELINE_PORT
        )
    return _report(list(costs.values()))


async def _set_baseline_stock(database_url: str, units: int) -> None:
    await asyncio.to_thread(_reset_baseline, database_url, units)


def _report(costs: list[Cost]) -> str:
    by = {c.step: c for c in costs}
    sold = UNITS / BUYERS

    def buyer(steps: dict[str, float]) -> tuple[float, float | None]:
        server = sum(by[s].server_ms * share for s, share in steps.items())
        used = [by[s].database_ms for s in steps]
        database = None if None in used else sum((by[s].database_ms or 0) * w for s, w in steps.items())
        return server, database

    shop = buyer(
        {
            "POST /carts": 1,
            "add the SKU, sold out (409)": 1 - sold,
            "add the SKU, held": sold,
            "shipping address": sold,
            "shipping method": sold,
            "checkout (the saga)": sold,
        }
    )
    naive = buyer({"baseline checkout, sold": sold, "baseline checkout, sold out (409)": 1 - sold})
    lines = [
        "| step | server CPU ms | PostgreSQL CPU ms | requests/s |",
        "|---|---|---|---|",
        *(c.row() for c in costs),
    ]

    def total(side: tuple[float, float | None]) -> float:
        return side[0] + (side[1] or 0)

    lines.append(
        f"\nA flash-sale buyer (one in {BUYERS // UNITS} buys) costs the shop {shop[0]:.2f} ms of its "
        f"process and the baseline {naive[0]:.2f} ms; with PostgreSQL, {total(shop):.2f} vs "
        f"{total(naive):.2f} ms: {total(shop) / total(naive):.1f} times as much."
    )
    return "\n".join(lines)
