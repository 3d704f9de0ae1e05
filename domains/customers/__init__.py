"""The customers domain: profiles, address books, tags and blocking, privacy, order facts, segments."""

from __future__ import annotations

from datetime import UTC, datetime

from core.domain import Domain, Runtime
from domains.customers import admin, api
from domains.customers.handlers import HANDLERS, SUBSCRIPTIONS
from domains.customers.messages import MESSAGES
from domains.customers.ports import CustomersDeps
from domains.customers.repository import PgAddresses, PgOrderFacts, PgProfiles, PgSegments
from domains.customers.tables import TABLES


def bootstrap(runtime: Runtime) -> CustomersDeps:
    return CustomersDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        profiles=PgProfiles(),
        addresses=PgAddresses(),
        segments=PgSegments(),
        orders=PgOrderFacts(),
        clock=lambda: datetime.now(UTC),
    )


domain = Domain(
    name="customers",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
)

__all__ = ["domain"]
