"""Shopper routes of the shipping domain."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
