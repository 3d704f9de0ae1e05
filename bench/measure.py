"""Closed-loop load: N operations by C concurrent workers; throughput and latency."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figures:
    name: str
    operations: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.operations / self.seconds

    def row(self) -> str:
        return f"| {self.name} | {self.per_second:,.0f} | {self.p50_ms:.2f} | {self.p99_ms:.2f} |"


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


async def run_load(
    name: str, operation: Callable[[], Awaitable[object]], *, total: int, concurrency: int, warmup: int = 200
) -> Figures:
    for _ in range(warmup):
        await operation()
    latencies: list[float] = []
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            await operation()
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return Figures(
        name, len(latencies), elapsed, percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
    )


def table(pairs: list[tuple[Figures, Figures]]) -> str:
    lines = [
        "| what | ops/s | p50 ms | p99 ms |",
        "|---|---|---|---|",
    ]
    for measured, baseline in pairs:
        lines += [measured.row(), baseline.row()]
        lines.append(
            f"| ratio {measured.name} / baseline | {measured.per_second / baseline.per_second:.2f}x "
            f"| | {measured.p99_ms / baseline.p99_ms:.2f}x |"
        )
    return "\n".join(lines)
