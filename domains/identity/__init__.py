"""The identity domain: customer and staff accounts, sessions, tokens, second factor, roles.

``domain`` is built on first use: importing this package's ``messages``, as other
domains do, loads nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from core.domain import Domain, Runtime

if TYPE_CHECKING:
    from domains.identity.ports import IdentityDeps


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def bootstrap(runtime: Runtime) -> IdentityDeps:
    from domains.identity.ports import IdentityDeps
    from domains.identity.repository import (
        PiccoloCustomers,
        PiccoloRoles,
        PiccoloSessions,
        PiccoloStaffUsers,
        PiccoloTotpSecrets,
    )

    return IdentityDeps(
        uow=runtime.uow,
        customers=PiccoloCustomers(),
        staff=PiccoloStaffUsers(),
        roles=PiccoloRoles(),
        sessions=PiccoloSessions(),
        totp=PiccoloTotpSecrets(),
        hasher=runtime.ports["identity.passwords"],
        tokens=runtime.tokens,
        clock=SystemClock(),
        refresh_ttl=timedelta(seconds=runtime.settings.refresh_token_ttl),
    )


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.identity import admin, api
    from domains.identity.handlers import HANDLERS, SUBSCRIPTIONS
    from domains.identity.messages import MESSAGES
    from domains.identity.tables import TABLES

    return Domain(
        name="identity",
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
