"""Split mode for real: the catalogue and search in two processes, talking over NATS."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import nats
import pytest

from core.security import Principal, TokenCodec
from tests.support.eventually import eventually
from tests.support.nats_server import nats_url

ROOT = Path(__file__).resolve().parents[2]
SECRET = "split-mode-secret-key-0123456789abcdef"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def process(domains: str, port: int, env: dict[str, str]) -> Iterator[str]:
    served = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--domains", domains, "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        served.terminate()
        served.wait(timeout=30)


async def ready(base: str) -> None:
    async with httpx.AsyncClient() as client:

        async def answers() -> bool:
            with contextlib.suppress(httpx.HTTPError):
                return (await client.get(f"{base}/health/ready")).status_code == 200
            return False

        await eventually(answers, within=60, pause=0.2)


@pytest.fixture
def split_env(database_url: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    prefix = f"split{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MERCATO_")}
    env.update(
        DATABASE_URL=database_url,
        NATS_URL=nats_url(),
        MERCATO_BUS="nats",
        MERCATO_NATS_PREFIX=prefix,
        MERCATO_SECRET_KEY=SECRET,
        MERCATO_DATA_DIR=str(tmp_path),
        MERCATO_LOG_LEVEL="warning",
    )
    yield env

    async def drop_stream() -> None:
        connection = await nats.connect(env["NATS_URL"])
        with contextlib.suppress(Exception):
            await connection.jetstream().delete_stream(f"{prefix.upper()}_EVENTS")
        await connection.close()

    asyncio.run(drop_stream())


async def test_a_product_published_in_the_catalogue_process_is_found_by_the_search_process(split_env) -> None:
    staff = Principal(subject=str(uuid.uuid4()), kind="staff", session_id="s", permissions=frozenset({"*"}))
    headers = {"Authorization": f"Bearer {TokenCodec(SECRET).issue(staff)}"}
    with (
        process("catalog,cms", free_port(), split_env) as catalog,
        process("search", free_port(), split_env) as search,
    ):
        await asyncio.gather(ready(catalog), ready(search))
        async with httpx.AsyncClient() as client:
            created = await client.post(
                f"{catalog}/admin/products",
                headers=headers,
                json={
                    "name": "Teak garden bench",
                    "publish": True,
                    "variants": [{"sku": "BENCH-1", "price": {"amount": 34_900, "currency": "EUR"}}],
                },
            )
            assert created.status_code == 201, created.text
            assert (await client.get(f"{catalog}/search")).status_code == 404
            assert (await client.get(f"{search}/products")).status_code == 404

            async def found() -> list[dict]:
                reply = await client.get(f"{search}/search", params={"q": "garden bench"})
                return list(reply.json()["hits"])

            hits = await eventually(found, within=30)
            assert [hit["id"] for hit in hits] == [created.json()["id"]]
            reindexed = await client.post(f"{search}/admin/search/reindex", headers=headers)
            assert reindexed.json() == {"documents": 1}, "the search process asks the catalogue over NATS"
