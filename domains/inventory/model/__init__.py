"""The inventory domain's rules, free of I/O: what input is acceptable, which warehouse gives
the units (``picking``), what a change announces (``signals``), what a ledger line does (``ledger``)."""

from __future__ import annotations

import re

from core.validation import Findings

SKU = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,63}$")
CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
MAX_QUANTITY = 1_000_000  # units one command may move
MAX_SKUS = 500  # SKUs one query or allocation may name
MAX_TTL = 7 * 24 * 3600


def normal_sku(value: str) -> str:
    """SKUs are kept trimmed and upper-cased, as the catalogue keeps them."""
    return value.strip().upper()


def sku(value: str, found: Findings, field: str = "sku") -> str:
    cleaned = normal_sku(value)
    if not SKU.match(cleaned):
        found.add(field, "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
    return cleaned


def code(value: str, found: Findings, field: str = "code") -> str:
    """A warehouse code: kept upper-cased."""
    cleaned = value.strip().upper()
    if not CODE.match(cleaned):
        found.add(field, "use 1-32 letters, digits, '_' or '-', starting with a letter or digit")
    return cleaned


def quantity(value: int, found: Findings, field: str = "quantity", *, allow_zero: bool = False) -> int:
    lowest = 0 if allow_zero else 1
    if not lowest <= value <= MAX_QUANTITY:
        found.add(field, f"must be between {lowest} and {MAX_QUANTITY}")
    return value


def delta(value: int, found: Findings, field: str = "delta") -> int:
    if value == 0:
        found.add(field, "must not be zero")
    elif abs(value) > MAX_QUANTITY:
        found.add(field, f"must be between -{MAX_QUANTITY} and {MAX_QUANTITY}")
    return value


def threshold(value: int | None, found: Findings, field: str = "threshold") -> int | None:
    if value is not None and not 0 <= value <= MAX_QUANTITY:
        found.add(field, f"must be between 0 and {MAX_QUANTITY}, or null for none")
    return value


def ttl(value: int | None, default: int, found: Findings, field: str = "ttl_seconds") -> int:
    if value is None:
        return default
    if not 1 <= value <= MAX_TTL:
        found.add(field, f"must be between 1 and {MAX_TTL} seconds")
    return value
