"""The identity domain: customer and staff accounts, roles, sessions and tokens."""

from __future__ import annotations

from core.domain import Domain
from domains.identity import admin, api
from domains.identity.bootstrap import bootstrap
from domains.identity.handlers import HANDLERS
from domains.identity.messages import COMMANDS, EVENTS, QUERIES
from domains.identity.tables import TABLES

domain = Domain(
    name="identity",
    messages=[*COMMANDS, *QUERIES, *EVENTS],
    handlers=HANDLERS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
)

__all__ = ["domain"]
