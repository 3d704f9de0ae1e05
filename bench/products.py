"""GET /products on the demo catalogue: the shop vs the bare baseline, same database."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.http import Connection, server
from bench.measure import Figures, run_load

CONCURRENCY = 16


def _environment(data_dir: str, port: int, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MERCATO_") and k != "NATS_URL"}
    env.update(
        MERCATO_DATA_DIR=data_dir,
        MERCATO_PORT=str(port),
        MERCATO_LOG_LEVEL="warning",
        MERCATO_LOG_FORMAT="json",
        MERCATO_BUS="inprocess",
        # One client address sends every request: the per-IP limit would refuse most of them.
        # bench/ratelimit.py measures what the limits cost.
        MERCATO_RATE_LIMIT_ENABLED="false",
        PORT=str(port),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _embedded_url(data_dir: str) -> str:
    from adapters.db.embedded import start_embedded

    return start_embedded(Path(data_dir) / "pg")


async def measure(name: str, port: int, paths: list[str], total: int) -> Figures:
    connections = [Connection("127.0.0.1", port) for _ in range(CONCURRENCY)]
    free: asyncio.Queue[Connection] = asyncio.Queue()
    for connection in connections:
        free.put_nowait(connection)

    turns = itertools.cycle(paths)

    async def one() -> None:
        connection = await free.get()
        path = next(turns)
        try:
            status = await connection.get(path)
            if status != 200:
                raise RuntimeError(f"{name}: {path} answered {status}")
        finally:
            free.put_nowait(connection)

    try:
        return await run_load(name, one, total=total, concurrency=CONCURRENCY)
    finally:
        for connection in connections:
            await connection.close()


async def pairs(
    workloads: list[tuple[list[str], tuple[str, str]]],
    total: int,
    prepare: Callable[[str], Awaitable[None]] | None = None,
) -> list[tuple[Figures, Figures]]:
    """Each workload (paths cycled, names) against the shop and the baseline, same demo data."""
    with tempfile.TemporaryDirectory(prefix="mercato-bench-") as data_dir:
        database_url = os.environ.get("BENCH_DATABASE_URL") or _embedded_url(data_dir)
        shop_env = _environment(data_dir, 8765, database_url)
        if not os.environ.get("BENCH_DATABASE_URL"):
            shop_env.pop("DATABASE_URL")  # the shop starts the same embedded server itself
        await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "cli", "demo"],
            env=shop_env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        baseline_env = _environment(data_dir, 8766, database_url)
        with (
            server(["-m", "cli", "serve"], "http://127.0.0.1:8765/health/ready", env=shop_env),
            server(["-m", "bench.baseline_app"], "http://127.0.0.1:8766/health/ready", env=baseline_env),
        ):
            if prepare is not None:
                await prepare("http://127.0.0.1:8765")
            await _quiesce(database_url)
            found = []
            for paths, names in workloads:
                # Two rounds, alternating, keeping the second: both sides see a warm, quiet database.
                for _ in range(2):
                    shop = await measure(names[0], 8765, paths, total)
                    baseline = await measure(names[1], 8766, paths, total)
                found.append((shop, baseline))
    return found


async def _quiesce(database_url: str) -> None:
    """Vacuum, analyse and checkpoint after the demo load, so neither side pays for it."""
    import asyncpg

    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute("VACUUM (ANALYZE)")
        await conn.execute("CHECKPOINT")
    finally:
        await conn.close()


async def settled(base: str, timeout: float = 300) -> None:
    """Wait until the demo catalogue's events are all delivered (the search index is built),
    so no background work competes with the measured requests."""

    def backlog() -> str:
        with urllib.request.urlopen(f"{base}/health/ready", timeout=5) as response:
            return str(json.loads(response.read())["checks"]["relay"]["detail"])

    async with asyncio.timeout(timeout):
        while await asyncio.to_thread(backlog) != "0 events waiting":
            await asyncio.sleep(0.5)


async def run(quick: bool = False) -> list[tuple[Figures, Figures]]:
    total = 1_000 if quick else 10_000
    workload = (["/products"], ("mercato GET /products", "baseline: Litestar + raw asyncpg"))
    return await pairs([workload], total, prepare=settled)
