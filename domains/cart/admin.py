"""Staff routes of the cart domain."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
