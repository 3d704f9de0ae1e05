"""The shipping domain's rules, free of I/O."""

from __future__ import annotations
