"""The search domain: an index fed by catalogue and CMS events, analytics, tuning.

``domain`` is built on first use: importing this package's ``messages``, as other
domains do, loads nothing else.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import structlog

from core.domain import Domain, Runtime

if TYPE_CHECKING:
    from domains.search.ports import SearchDeps


log = structlog.get_logger("mercato.search")


async def apply_settings(deps: SearchDeps) -> None:
    """Push the stored synonyms, stop words and pins (and the engine's settings) to the index."""
    try:
        await deps.index.configure(await deps.store.settings())
    except Exception as exc:  # noqa: BLE001 - the engine may come up later; searches then say 503
        log.warning("search settings not applied at start", error=repr(exc))


def bootstrap(runtime: Runtime) -> SearchDeps:
    from domains.search.ports import SearchDeps
    from domains.search.repository import PiccoloSearchStore

    return SearchDeps(
        index=runtime.ports["search.index"], store=PiccoloSearchStore(), uow=runtime.uow, bus=runtime.bus
    )


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.search import admin, api
    from domains.search.handlers import HANDLERS, SUBSCRIPTIONS
    from domains.search.messages import MESSAGES
    from domains.search.tables import TABLES

    return Domain(
        name="search",
        messages=MESSAGES,
        handlers=HANDLERS,
        subscriptions=SUBSCRIPTIONS,
        routes=[*api.ROUTES, *admin.ROUTES],
        tables=TABLES,
        bootstrap=bootstrap,
        on_start=apply_settings,
    )


def __getattr__(name: str) -> Any:
    if name == "domain":
        return registration()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["domain"]
