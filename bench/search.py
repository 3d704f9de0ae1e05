"""GET /search and /search/autocomplete on the demo catalogue vs raw SQL of the same shape."""

from __future__ import annotations

from urllib.parse import quote

from bench.measure import Figures
from bench.products import pairs, settled

QUERIES = ["samsung", "iphone", "cafe", "laptop", "iphnoe", "galaxy pro", "coffee beans", "headphones"]
PREFIXES = ["sa", "sam", "iph", "caf", "lap", "gal", "hea", "co"]


async def run(quick: bool = False) -> list[tuple[Figures, Figures]]:
    total = 1_000 if quick else 5_000
    return await pairs(
        [
            (
                [f"/search?q={quote(q)}" for q in QUERIES],
                ("mercato GET /search", "baseline: raw tsquery SQL"),
            ),
            (
                [f"/search/autocomplete?q={quote(p)}" for p in PREFIXES],
                ("mercato GET /search/autocomplete", "baseline: raw prefix SQL"),
            ),
        ],
        total,
        prepare=settled,
    )
