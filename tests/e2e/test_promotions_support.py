"""Helpers shared by the promotions e2e tests (no tests here)."""

from __future__ import annotations

import asyncio
from typing import Any

from core.messages import Command, Message

STAFF = ("promotions:read", "promotions:write")


async def created(client: Any, path: str, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def promotion(client: Any, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    return await created(client, "/admin/promotions", headers, {"name": "Sale", "kind": "percentage", **body})


async def codes(client: Any, headers: dict[str, str], promotion_id: str, **body: Any) -> list[str]:
    issued = await created(client, f"/admin/promotions/{promotion_id}/coupons", headers, body)
    found: list[str] = issued["codes"]
    return found


async def on_bus(client: Any, message: Message) -> Any:
    """``message`` sent on the app's own bus, as pricing and orders reach promotions.

    The app runs on the test client's portal thread: its bus and pool live on that loop.
    """
    bus = client.app.state.bus
    deliver = bus.send if isinstance(message, Command) else bus.ask
    return await asyncio.to_thread(client.blocking_portal.call, deliver, message)
