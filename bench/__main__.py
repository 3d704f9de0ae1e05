"""python -m bench [bus] [products] [search] [quotes] [checkout] [latency] [ratelimit] [costs] [--quick]: prints markdown tables."""

from __future__ import annotations

import argparse
import asyncio
import os

from bench.measure import table


async def bench_bus(quick: bool) -> str:
    from bench import bus

    total = 5_000 if quick else 50_000
    pairs = [await bus.in_process(total, concurrency=16)]
    url = os.environ.get("NATS_URL")
    if url:
        pairs.append(await bus.over_nats(url, total // 5, concurrency=16))
    else:
        from adapters.bus.nats_server import local_nats_server

        with local_nats_server() as local_url:
            pairs.append(await bus.over_nats(local_url, total // 5, concurrency=16))
    return "### Bus round trip (16 concurrent callers)\n\n" + table(pairs)


async def bench_products(quick: bool) -> str:
    from bench import products

    return "### GET /products (16 concurrent clients)\n\n" + table(await products.run(quick=quick))


async def bench_search(quick: bool) -> str:
    from bench import search

    return "### Search (16 concurrent clients)\n\n" + table(await search.run(quick=quick))


async def bench_quotes(quick: bool) -> str:
    from bench import quotes

    return "### POST /quotes (16 concurrent clients; baseline: 1 caller)\n\n" + table(
        await quotes.run(quick=quick)
    )


async def bench_checkout(quick: bool) -> str:
    from bench import checkout

    pairs, note = await checkout.run(quick=quick)
    return "### Flash sale: checkout of one SKU (all buyers at once)\n\n" + table(pairs) + "\n\n" + note


async def bench_latency(quick: bool) -> str:
    from bench import latency

    return "### Checkout with a slow payment provider (closed loop)\n\n" + table(
        await latency.run(quick=quick)
    )


async def bench_costs(quick: bool) -> str:
    from bench import costs

    return "### CPU per request of a purchase (8 clients)\n\n" + await costs.run(quick=quick)


async def bench_ratelimit(quick: bool) -> str:
    from bench import ratelimit

    return "### Rate limiter on GET /products (16 concurrent clients; baseline: limits off)\n\n" + table(
        await ratelimit.run(quick=quick)
    )


BENCHES = {
    "bus": bench_bus,
    "products": bench_products,
    "search": bench_search,
    "quotes": bench_quotes,
    "checkout": bench_checkout,
    "latency": bench_latency,
    "ratelimit": bench_ratelimit,
    "costs": bench_costs,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("which", nargs="*", help=f"any of {', '.join(BENCHES)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="fewer requests: a smoke run")
    args = parser.parse_args()
    unknown = set(args.which) - set(BENCHES)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    for name in args.which or BENCHES:
        print(asyncio.run(BENCHES[name](args.quick)), end="\n\n", flush=True)


if __name__ == "__main__":
    main()
