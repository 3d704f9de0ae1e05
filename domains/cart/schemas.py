"""HTTP request and response structs of the cart domain."""

from __future__ import annotations
