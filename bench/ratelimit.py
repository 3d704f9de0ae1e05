"""The request limiter's cost on GET /products: limits off vs on in memory vs on in Redis.

Three shop processes over one demo database, measured in turn (a warm-up round, then three rounds
alternating, each side's best kept: on a shared machine noise only ever slows a round). The
limits are on but set so high that nothing is refused: every request pays for its checks (IP and
group; one Lua call in Redis) and its RateLimit headers, and nothing else differs. The Redis row
needs ``REDIS_URL`` (skipped without it).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import uuid

from bench.http import server
from bench.measure import Figures
from bench.products import _embedded_url, _environment, _quiesce, measure, settled

HIGH = "1000000000"  # requests per window: counted, never refused
PORTS = {"off": 8771, "memory": 8772, "redis": 8773}
ROUNDS = 3


def _shop_env(data_dir: str, port: int, database_url: str, limits: str) -> dict[str, str]:
    env = _environment(data_dir, port, database_url)
    env.pop("REDIS_URL", None)
    env.update(
        MERCATO_RATE_LIMIT_ENABLED="false" if limits == "off" else "true",
        MERCATO_RATE_LIMIT_IP=HIGH,
        MERCATO_RATE_LIMIT_CUSTOMER=HIGH,
        MERCATO_RATE_LIMIT_API_KEY=HIGH,
        MERCATO_RATE_LIMIT_GROUPS=f"default={HIGH}",
        MERCATO_NATS_PREFIX=f"bench{uuid.uuid4().hex[:8]}",  # its own Redis keys
    )
    if limits == "redis":
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    return env


async def run(quick: bool = False) -> list[tuple[Figures, Figures]]:
    total = 2_000 if quick else 10_000
    kinds = ["off", "memory"] + (["redis"] if os.environ.get("REDIS_URL") else [])
    with tempfile.TemporaryDirectory(prefix="mercato-bench-") as data_dir:
        database_url = os.environ.get("BENCH_DATABASE_URL") or _embedded_url(data_dir)
        envs = {kind: _shop_env(data_dir, PORTS[kind], database_url, kind) for kind in kinds}
        await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "cli", "demo"],
            env=envs["off"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with (
            server(["-m", "cli", "serve"], f"http://127.0.0.1:{PORTS['off']}/health/ready", env=envs["off"]),
            server(
                ["-m", "cli", "serve"], f"http://127.0.0.1:{PORTS['memory']}/health/ready", env=envs["memory"]
            ),
            _maybe_redis(envs),
        ):
            for kind in kinds:
                await settled(f"http://127.0.0.1:{PORTS[kind]}")
            await _quiesce(database_url)
            for kind in kinds:  # a warm-up round, not kept
                await measure(f"limits {kind}", PORTS[kind], ["/products"], total // 4)
            found: dict[str, Figures] = {}
            for _ in range(ROUNDS):  # alternate, keep each side's best: background noise only slows
                for kind in kinds:
                    figures = await measure(f"limits {kind}", PORTS[kind], ["/products"], total)
                    if kind not in found or figures.per_second > found[kind].per_second:
                        found[kind] = figures
    return [(found[kind], found["off"]) for kind in kinds if kind != "off"]


def _maybe_redis(envs: dict[str, dict[str, str]]) -> contextlib.AbstractContextManager[object]:
    if "redis" not in envs:
        return contextlib.nullcontext()
    return server(
        ["-m", "cli", "serve"], f"http://127.0.0.1:{PORTS['redis']}/health/ready", env=envs["redis"]
    )
