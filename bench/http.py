"""A lean keep-alive HTTP/1.1 client, so the load generator costs little CPU."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self._host, self._port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        return await self.request(f"GET {path} HTTP/1.1\r\nHost: {self._host}\r\n\r\n".encode())

    async def call(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """Any request with a JSON body; the status and the body of the reply."""
        extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self._host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{extra}\r\n"
        )
        return await self.exchange(head.encode() + body)

    async def post(self, path: str, body: bytes, headers: dict[str, str] | None = None) -> int:
        """POST a JSON body; the status of the reply, whose body is read and dropped."""
        return (await self.call("POST", path, body, headers))[0]

    async def request(self, raw: bytes) -> int:
        return (await self.exchange(raw))[0]

    async def exchange(self, raw: bytes) -> tuple[int, bytes]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
        assert self._reader is not None
        self._writer.write(raw)
        status_line = await self._reader.readline()
        length = 0
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        body = await self._reader.readexactly(length)
        return int(status_line.split()[1]), body

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(Exception):
                await self._writer.wait_closed()


@contextlib.contextmanager
def server(
    args: list[str], url: str, env: dict[str, str] | None = None, timeout: float = 120
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server process until ``url`` answers 200 (the process); stop it afterwards."""
    process = subprocess.Popen(
        [sys.executable, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(
                        process.stderr.read().decode() if process.stderr else "server died"
                    ) from None
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)
