"""The orders domain's Piccolo tables."""

from __future__ import annotations

from piccolo.table import Table

TABLES: list[type[Table]] = []
