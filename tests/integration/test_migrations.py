from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import msgspec
import pytest
from litestar.testing import AsyncTestClient

from adapters.db import migrations
from adapters.db.engine import close_engine, open_engine
from app import create_app
from tests.conftest import with_database


@pytest.fixture
async def empty_database(server_url: str) -> AsyncIterator[str]:
    name = f"mercato_empty_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(server_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(server_url, name)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def test_pending_migrations_make_readiness_fail_until_migrated(settings, empty_database: str) -> None:
    settings = msgspec.structs.replace(settings, database_url=empty_database)
    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.get("/health/ready")
        assert response.status_code == 503
        assert response.json()["checks"]["migrations"]["status"] == "pending"
        assert response.headers["retry-after"]


async def test_migrate_up_then_down_one_step(empty_database: str) -> None:
    engine = await open_engine(empty_database, pool_size=2)
    try:
        await migrations.apply_all()
        assert await migrations.pending() == []
        undone = await migrations.undo_last()
        assert undone is not None
        assert [f"{s.app}/{s.id}" for s in await migrations.pending()] == [f"{undone.app}/{undone.id}"]
    finally:
        await close_engine(engine)
