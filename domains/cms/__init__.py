"""The cms domain: pages, blog posts and banners, with publishing on a schedule.

``domain`` is built on first use: importing this package's ``messages``, as other
domains do, loads nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from core.domain import Domain, Runtime

if TYPE_CHECKING:
    from domains.cms.ports import CmsDeps


def bootstrap(runtime: Runtime) -> CmsDeps:
    from domains.cms.ports import CmsDeps
    from domains.cms.repository import PgBannerRepository, PgContentRepository

    return CmsDeps(
        uow=runtime.uow,
        contents=PgContentRepository(),
        banners=PgBannerRepository(),
        clock=lambda: datetime.now(UTC),
    )


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.cms import admin, api
    from domains.cms.handlers import HANDLERS, SUBSCRIPTIONS
    from domains.cms.messages import MESSAGES
    from domains.cms.tables import TABLES

    return Domain(
        name="cms",
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
