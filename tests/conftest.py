"""Shared fixtures: a migrated PostgreSQL database per test, settings, an app client.

TEST_DATABASE_URL names a server to use (CI sets it to the machine's
PostgreSQL); without it an embedded server is started under the temp dir.
Each test gets its own database, copied from a template migrated once.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from config.settings import Settings
from core.security import Principal, TokenCodec

TEMPLATE = f"mercato_tpl_{os.getpid()}"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def server_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    from adapters.db.embedded import start_embedded

    return start_embedded(Path(tempfile.gettempdir()) / "mercato-test-pg")


async def _admin(server_url: str, *statements: str) -> None:
    conn = await asyncpg.connect(server_url)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def _migrate(url: str) -> None:
    from adapters.db import migrations
    from adapters.db.engine import close_engine, open_engine

    engine = await open_engine(url, pool_size=2)
    try:
        await migrations.apply_all()
    finally:
        await close_engine(engine)


@pytest.fixture(scope="session")
def template_database(server_url: str) -> Iterator[str]:
    drop = f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)'
    asyncio.run(_admin(server_url, drop, f'CREATE DATABASE "{TEMPLATE}"'))
    asyncio.run(_migrate(with_database(server_url, TEMPLATE)))
    yield TEMPLATE
    asyncio.run(_admin(server_url, drop))


@pytest.fixture
async def database_url(server_url: str, template_database: str) -> AsyncIterator[str]:
    """A fresh, fully migrated database for this test alone."""
    name = f"mercato_t_{uuid.uuid4().hex[:12]}"
    await _admin(server_url, f'CREATE DATABASE "{name}" TEMPLATE "{template_database}" STRATEGY WAL_LOG')
    yield with_database(server_url, name)
    await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=str(tmp_path),
        secret_key="test-secret-key-with-enough-length-0123456789",
        bus="inprocess",
        log_level="warning",
        relay_poll_seconds=0.2,
        db_pool_size=4,
    )


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """The whole app on the in-process bus over a fresh database, lifespan running."""
    from app import create_app

    async with AsyncTestClient(app=create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def tokens(settings: Settings) -> TokenCodec:
    return TokenCodec(settings.secret_key or "", access_ttl=settings.access_token_ttl)


@pytest.fixture
def staff_headers(tokens: TokenCodec) -> Callable[..., dict[str, str]]:
    """Authorization headers of a staff member holding the given permissions."""

    def make(*permissions: str) -> dict[str, str]:
        principal = Principal(
            subject=str(uuid.uuid4()),
            kind="staff",
            session_id=str(uuid.uuid4()),
            permissions=frozenset(permissions),
        )
        return {"Authorization": f"Bearer {tokens.issue(principal)}"}

    return make


@pytest.fixture
def customer_headers(tokens: TokenCodec) -> dict[str, str]:
    principal = Principal(subject=str(uuid.uuid4()), kind="customer", session_id=str(uuid.uuid4()))
    return {"Authorization": f"Bearer {tokens.issue(principal)}"}
