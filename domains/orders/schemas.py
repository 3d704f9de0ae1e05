"""HTTP request and response structs of the orders domain."""

from __future__ import annotations
