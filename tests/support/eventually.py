"""Waiting for eventually consistent state (outbox delivery, indexes) in tests."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any


async def eventually(
    check: Callable[[], Any | Awaitable[Any]], within: float = 20.0, pause: float = 0.05
) -> Any:
    """Poll ``check`` (sync or async) until it returns something truthy; return it. Fails after ``within`` s."""
    async with asyncio.timeout(within):
        while True:
            found = check()
            if inspect.isawaitable(found):
                found = await found
            if found:
                return found
            await asyncio.sleep(pause)
