"""HTTP request and response structs of the shipping domain."""

from __future__ import annotations
