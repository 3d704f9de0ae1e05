"""Checkout throughput when the payment provider is slow: the sandbox answering at once beside the
sandbox taking 150 ms per call (``MERCATO_SANDBOX_LATENCY_MS``), in one run.

Two shops on the same database, one per latency; buyers in a closed loop (each buys one unit of
a SKU with plenty of stock: cart, add, address, method, checkout), ``BUYERS`` at a time, and
``TOTAL`` purchases per round; two rounds alternating the shops, the second kept. A provider's
latency should cost a checkout its wait, not the shop its throughput: nothing (a connection, a
lock, an actor) may be held while the provider answers.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import sys
import tempfile
import time

from bench.checkout import _token, refill, set_up, shop_buyer
from bench.http import server
from bench.measure import Figures, percentile
from bench.products import _embedded_url, _environment, _quiesce, settled

FAST_PORT, SLOW_PORT = 8770, 8771
LATENCY_MS = 150
BUYERS = 64


async def closed_loop(name: str, port: int, method_id: str, total: int) -> Figures:
    latencies: list[float] = []
    remaining = total

    async def buyer() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            status, _ = await shop_buyer(method_id, port)
            if status != 201:
                raise RuntimeError(f"{name}: a purchase answered {status}")
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(buyer() for _ in range(BUYERS)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return Figures(
        name, total, elapsed, percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
    )


async def run(quick: bool = False) -> list[tuple[Figures, Figures]]:
    total = 300 if quick else 1_500
    with tempfile.TemporaryDirectory(prefix="mercato-bench-") as data_dir:
        database_url = os.environ.get("BENCH_DATABASE_URL") or _embedded_url(data_dir)
        secret = secrets.token_urlsafe(48)
        fast, slow = (_environment(data_dir, port, database_url) for port in (FAST_PORT, SLOW_PORT))
        for env, latency in ((fast, 0), (slow, LATENCY_MS)):
            env.update(MERCATO_SECRET_KEY=secret, MERCATO_SANDBOX_LATENCY_MS=str(latency))
        await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "cli", "migrate"], env=fast, check=True
        )
        base = f"http://127.0.0.1:{FAST_PORT}"
        with (
            server(["-m", "cli", "serve"], f"{base}/health/ready", env=fast),
            server(["-m", "cli", "serve"], f"http://127.0.0.1:{SLOW_PORT}/health/ready", env=slow),
        ):
            staff = _token(secret)
            method_id = await set_up(base, staff)
            for _ in range(2):
                await refill(base, staff, units=1_000_000)
                await settled(base)
                await _quiesce(database_url)
                quick_provider = await closed_loop(
                    f"mercato checkout, provider answering at once ({BUYERS} buyers)",
                    FAST_PORT,
                    method_id,
                    total,
                )
                await settled(base)
                slow_provider = await closed_loop(
                    f"mercato checkout, provider taking {LATENCY_MS} ms ({BUYERS} buyers)",
                    SLOW_PORT,
                    method_id,
                    total,
                )
    return [(slow_provider, quick_provider)]
