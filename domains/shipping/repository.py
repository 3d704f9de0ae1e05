"""The shipping stores on PostgreSQL."""

from __future__ import annotations
