"""GET /search and /search/autocomplete on the demo catalogue vs raw SQL of the same shape."""

from __future__ import annotations

import asyncio
import json
import urllib.request

from bench.measure import Figures
from bench.products import pairs

QUERIES = ["samsung", "iphone", "cafe", "laptop", "iphnoe", "galaxy pro", "coffee beans", "headphones"]
PREFIXES = ["sa", "sam", "iph", "caf", "lap", "gal", "hea", "co"]


async def _indexed(base: str, at_least: int = 1000, timeout: float = 180) -> None:
    """The demo catalogue reaches the index through events: wait until it has."""

    def total() -> int:
        with urllib.request.urlopen(f"{base}/search?limit=1", timeout=5) as response:
            return int(json.loads(response.read())["total"])

    async with asyncio.timeout(timeout):
        while await asyncio.to_thread(total) < at_least:
            await asyncio.sleep(0.5)


async def run(quick: bool = False) -> list[tuple[Figures, Figures]]:
    total = 1_000 if quick else 5_000
    return await pairs(
        [
            ([f"/search?q={q}" for q in QUERIES], ("mercato GET /search", "baseline: raw tsquery SQL")),
            (
                [f"/search/autocomplete?q={p}" for p in PREFIXES],
                ("mercato GET /search/autocomplete", "baseline: raw prefix SQL"),
            ),
        ],
        total,
        prepare=_indexed,
    )
