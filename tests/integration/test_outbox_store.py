"""The relay's outbox store on PostgreSQL, as the relay drives it."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg

from adapters.db.outbox import PgOutboxStore


async def test_failures_of_many_lanes_recorded_at_once_are_all_kept(database_url) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        seqs = [
            await conn.fetchval(
                "INSERT INTO runtime_outbox (id, type, key, envelope) VALUES ($1, 't.E', $2, '\\x00') RETURNING seq",
                uuid.uuid4(),
                f"key-{i}",
            )
            for i in range(20)
        ]
        store = PgOutboxStore(database_url)
        retry_at = datetime.now(UTC) + timedelta(minutes=5)
        try:
            # The relay publishes every key's lane concurrently, so failures arrive together.
            await asyncio.gather(*(store.failed(seq, "down", retry_at, False) for seq in seqs))
        finally:
            await store.close()
        attempts = await conn.fetch("SELECT attempts FROM runtime_outbox WHERE seq = ANY($1::bigint[])", seqs)
    finally:
        await conn.close()

    assert [row["attempts"] for row in attempts] == [1] * 20
