"""HTTP request and response structs of the inventory domain."""

from __future__ import annotations
