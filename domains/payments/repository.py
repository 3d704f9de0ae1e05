"""The payments stores on PostgreSQL."""

from __future__ import annotations
