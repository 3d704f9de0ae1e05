"""The catalog domain."""

from __future__ import annotations

from core.domain import Domain

domain = Domain(name="catalog")

__all__ = ["domain"]
