"""The orders domain's public contract: the one module other domains import."""

from __future__ import annotations

from core.messages import declared

COMMANDS, QUERIES, EVENTS = declared(globals())
MESSAGES = (*COMMANDS, *QUERIES, *EVENTS)
