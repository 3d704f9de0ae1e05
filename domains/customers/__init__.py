"""The customers domain: profiles, address books, tags and blocking, privacy, order facts, segments.

``domain`` is built on first use: importing this package's ``messages``, as other
domains do, loads nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from core.domain import Domain, Runtime

if TYPE_CHECKING:
    from domains.customers.ports import CustomersDeps


def bootstrap(runtime: Runtime) -> CustomersDeps:
    from domains.customers.ports import CustomersDeps
    from domains.customers.repository import PgAddresses, PgOrderFacts, PgProfiles, PgSegments

    return CustomersDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        profiles=PgProfiles(),
        addresses=PgAddresses(),
        segments=PgSegments(),
        orders=PgOrderFacts(),
        clock=lambda: datetime.now(UTC),
    )


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.customers import admin, api
    from domains.customers.handlers import HANDLERS, SUBSCRIPTIONS
    from domains.customers.messages import MESSAGES
    from domains.customers.tables import TABLES

    return Domain(
        name="customers",
        messages=MESSAGES,
        handlers=HANDLERS,
        subscriptions=SUBSCRIPTIONS,
        routes=[*api.ROUTES, *admin.ROUTES],
        tables=TABLES,
        bootstrap=bootstrap,
    )


def __getattr__(name: str) -> Any:
    if name == "domain":
        return registration()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["domain"]
