"""Shopper routes of the payments domain."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
