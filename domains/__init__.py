"""The shop's business capabilities. Each sub-package exports ``domain``."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.domain import Domain

NAMES = (
    "identity",
    "catalog",
    "cms",
    "search",
    "promotions",
    "customers",
    "pricing",
    "inventory",
    "shipping",
    "payments",
    "cart",
    "orders",
    "notifications",
)

__all__ = ["NAMES", "load"]


def load(names: list[str] | tuple[str, ...] = ()) -> list[Domain]:
    """The registrations of the named domains (all of them when none are named)."""
    chosen = names or NAMES
    unknown = sorted(set(chosen) - set(NAMES))
    if unknown:
        raise ValueError(f"unknown domain(s): {', '.join(unknown)}; known: {', '.join(NAMES)}")
    return [importlib.import_module(f"domains.{name}").domain for name in chosen]
