"""Recorded provider fixtures of tests/fixtures/notifications/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

from domains.notifications.model import Outgoing

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "notifications"


def raw(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def recorded(name: str) -> Any:
    return json.loads(raw(name))


def outgoing(channel: str = "sms", to: str = "+4915112345678", **fields: Any) -> Outgoing:
    values = {
        "id": UUID("7f3c2a1b-9d8e-4f60-a1b2-c3d4e5f60718"),
        "channel": channel,
        "to": to,
        "subject": "Order 1001 placed",
        "body": "Order 1001 placed: 29.90 EUR.",
        **fields,
    }
    return Outgoing(**values)
