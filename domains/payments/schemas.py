"""HTTP request and response structs of the payments domain."""

from __future__ import annotations
