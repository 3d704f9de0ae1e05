"""Shopper routes of the payments domain: none; shoppers pay through checkout (orders)."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
