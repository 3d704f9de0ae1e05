"""Forged cursors: base64url JSON a client made up, of shapes no list gives out."""

from __future__ import annotations

import base64
import json
from typing import Any

ID = "79cc7fa0-04df-56a1-bc39-7e1199c7dd41"
FORGED_POSITIONS: list[list[Any]] = [
    [],
    [1, 2],
    [[1], [2]],
    [1, 2, 3, 4],
    [True, True],
    [ID, 5],
    ["2026-01-01T00:00:00+00:00", 5],
    ["2026-01-01T00:00:00+00:00", [1]],
    ["2026-01-01T00:00:00+00:00", {"a": 1}],
]


def cursor(position: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")
