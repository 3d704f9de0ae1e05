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
    from domains.identity.ports import AccessDeps, IdentityDeps, OAuthDeps


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
        access=access_deps(runtime),
        oauth=oauth_deps(runtime),
    )


def oauth_deps(runtime: Runtime) -> OAuthDeps | None:
    """Sign-in with other providers (the port "identity.oauth": by name), None when none is configured."""
    from domains.identity.ports import OAuthDeps
    from domains.identity.repository.oauth import PiccoloLinkedIdentities, PiccoloOAuthFlows

    providers = runtime.ports.get("identity.oauth") or {}
    if not providers:
        return None
    return OAuthDeps(
        providers=providers,
        flows=PiccoloOAuthFlows(),
        links=PiccoloLinkedIdentities(),
        flow_ttl=timedelta(seconds=runtime.settings.oauth_state_ttl),
    )


def access_deps(runtime: Runtime) -> AccessDeps:
    """API keys, mailed tokens (password reset, email verification) and the staff TOTP rule."""
    from domains.identity.ports import AccessDeps
    from domains.identity.repository import PiccoloAccountTokens, PiccoloApiKeys

    settings = runtime.settings
    return AccessDeps(
        api_keys=PiccoloApiKeys(),
        account_tokens=PiccoloAccountTokens(),
        bus=runtime.bus,
        public_url=(settings.public_url or f"http://{settings.host}:{settings.port}").rstrip("/"),
        password_reset_ttl=timedelta(seconds=settings.password_reset_ttl),
        email_verification_ttl=timedelta(seconds=settings.email_verification_ttl),
        staff_totp_required=settings.staff_totp_required,
    )


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.identity import admin, api
    from domains.identity.handlers import HANDLERS, SUBSCRIPTIONS
    from domains.identity.handlers.recovery import finish_background_work
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
        workers=[finish_background_work],
    )


def __getattr__(name: str) -> Any:
    if name == "domain":
        return registration()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["domain"]
