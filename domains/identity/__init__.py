"""The identity domain."""

from __future__ import annotations

from core.domain import Domain

domain = Domain(name="identity")

__all__ = ["domain"]
