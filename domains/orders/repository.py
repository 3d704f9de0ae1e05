"""The orders stores on PostgreSQL."""

from __future__ import annotations
