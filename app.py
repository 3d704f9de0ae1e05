"""The composition root: ``create_app(settings)`` wires adapters by settings."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog
from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from piccolo.engine.postgres import PostgresEngine

import domains
from adapters.bus.inprocess import InProcessBus
from adapters.db import migrations
from adapters.db.embedded import start_embedded
from adapters.db.engine import close_engine, open_engine
from adapters.db.errors import EXCEPTION_HANDLERS as DATABASE_ERRORS
from adapters.db.outbox import PgOutboxStore
from adapters.db.uow import PgUnitOfWorkFactory, TransactionalConnections
from adapters.idempotency import idempotency_store
from adapters.passwords.argon2 import Argon2Hasher
from adapters.ratelimit import build_attempts, rate_limit_store
from adapters.search import search_index
from config.settings import Settings, load_settings
from core import openapi
from core.actors import Actors
from core.bus import Dispatcher, MessageBus
from core.domain import Domain, Runtime
from core.guards import api_key_middleware, provide_principal
from core.health import Check, HealthController
from core.http import (
    EXCEPTION_HANDLERS,
    align_options,
    edge,
    json_body_middleware,
    strict_input,
)
from core.idempotency import IdempotencyStore
from core.logging import configure_logging
from core.messages import MessageTypes
from core.metrics import Instrumentation, metrics_endpoint
from core.outbox import OutboxRelay
from core.ratelimit import Attempts, RateLimitStore, rate_limit_middleware
from core.revocations import revocations
from core.security import TokenCodec

log = structlog.get_logger("mercato.app")
OUTBOX_BACKLOG = "SELECT count(*) FROM runtime_outbox WHERE published_at IS NULL AND NOT dead"


@dataclass
class Services:
    """What the lifespan opened; closed in reverse order."""

    settings: Settings
    dsn: str = ""
    engine: PostgresEngine | None = None
    bus: MessageBus | None = None
    relay: OutboxRelay | None = None
    actors: Actors | None = None
    pending_migrations: list[str] = field(default_factory=list)
    ports: Mapping[str, Any] = field(default_factory=dict)
    workers: list[asyncio.Task[None]] = field(default_factory=list)
    idempotency: IdempotencyStore | None = None
    rate_limits: RateLimitStore | None = None
    attempts: Attempts | None = None

    async def checks(self) -> dict[str, Check]:
        return {
            "database": await self._database(),
            "migrations": Check(status="pending", detail=", ".join(self.pending_migrations))
            if self.pending_migrations
            else Check(status="ok"),
            "bus": await self._bus(),
            "relay": await self._relay(),
        }

    async def _relay(self) -> Check:
        if self.relay is None or not self.relay.running or self.engine is None or self.engine.pool is None:
            return Check(status="stopped")
        try:
            async with asyncio.timeout(2):
                backlog = await self.engine.pool.fetchval(OUTBOX_BACKLOG)
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            return Check(status="ok", detail=f"backlog unknown: {type(exc).__name__}")
        return Check(status="ok", detail=f"{backlog} events waiting")

    async def _database(self) -> Check:
        if self.engine is None or self.engine.pool is None:
            return Check(status="down")
        try:
            async with asyncio.timeout(2):
                await self.engine.pool.fetchval("SELECT 1")
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            return Check(status="down", detail=type(exc).__name__)
        return Check(status="ok")

    async def _bus(self) -> Check:
        healthy = getattr(self.bus, "healthy", None)
        ok = self.bus is not None and (healthy is None or await healthy())
        return Check(status="ok" if ok else "down")


def database_url(settings: Settings) -> tuple[str, bool]:
    """The configured database, or an embedded one under the data dir (second item True)."""
    if settings.database_url:
        return settings.database_url, False
    return start_embedded(Path(settings.data_dir) / "pg"), True


def secret_key(settings: Settings) -> str:
    """The token signing key: configured, or generated once and kept in the data dir."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def build_bus(settings: Settings, dispatcher: Dispatcher) -> MessageBus:
    if settings.bus_kind == "nats":
        from adapters.bus.nats import NatsBus

        return NatsBus(
            dispatcher,
            url=settings.nats_url or "nats://127.0.0.1:4222",
            timeout=settings.bus_timeout,
            prefix=settings.nats_prefix,
            stream=f"{settings.nats_prefix.upper()}_EVENTS",
        )
    return InProcessBus(dispatcher, timeout=settings.bus_timeout)


def build_ports(settings: Settings, engine: PostgresEngine) -> dict[str, Any]:
    """The adapters the settings choose for the domains' ports."""
    from adapters.notifications import notification_channels
    from adapters.notifications.jinja import JinjaRenderer
    from adapters.notifications.links import HmacLinks
    from adapters.oauth import oauth_providers
    from adapters.payments import payment_providers
    from adapters.shipping import shipping_carriers
    from adapters.tax import tax_provider

    return {
        "search.index": search_index(settings, TransactionalConnections(engine.pool)),
        "identity.passwords": Argon2Hasher(),
        "identity.oauth": oauth_providers(settings),
        "pricing.tax": tax_provider(settings),
        "shipping.carriers": shipping_carriers(settings),
        "payments.providers": payment_providers(settings),
        "notifications.channels": notification_channels(settings),
        "notifications.renderer": JinjaRenderer(),
        "notifications.links": HmacLinks(secret_key(settings)),
    }


async def open_services(settings: Settings, hosted: Sequence[Domain], tokens: TokenCodec) -> Services:
    services = Services(settings=settings)
    try:
        services.dsn, embedded = await asyncio.to_thread(database_url, settings)
        services.engine = await open_engine(services.dsn, pool_size=settings.db_pool_size)
        if embedded:
            await migrations.apply_all()
        services.pending_migrations = [f"{m.app}/{m.id}" for m in await migrations.pending()]
        if services.pending_migrations:
            log.warning(
                "database has pending migrations; run `mercato migrate`", pending=services.pending_migrations
            )
        services.idempotency = idempotency_store(settings, services.engine.pool)
        services.rate_limits = rate_limit_store(settings)
        uow = PgUnitOfWorkFactory(services.engine)
        services.actors = Actors(mailbox_size=settings.mailbox_size)
        dispatcher = Dispatcher(hosted, actors=services.actors, uow=uow, types=MessageTypes())
        services.bus = build_bus(settings, dispatcher)
        runtime = Runtime(
            bus=services.bus,
            uow=uow,
            tokens=tokens,
            settings=settings,
            ports=build_ports(settings, services.engine),
        )
        started: list[tuple[str, Callable[[Any], Coroutine[Any, Any, None]], Any]] = []
        for domain in hosted:
            deps = domain.bootstrap(runtime)
            dispatcher.provide(domain.name, deps)
            if domain.on_start is not None:
                await domain.on_start(deps)
            started.extend((domain.name, worker, deps) for worker in domain.workers)
        services.ports = runtime.ports
        await services.bus.start()
        services.attempts = build_attempts(settings, services.rate_limits, services.bus)
        services.workers = [
            asyncio.create_task(worker(deps), name=f"{name}.{worker.__name__}")
            for name, worker, deps in started
        ]
        services.relay = OutboxRelay(
            PgOutboxStore(services.dsn), services.bus, poll_seconds=settings.relay_poll_seconds
        )
        services.relay.start()
    except BaseException:
        await close_services(services)  # what opened before the failure
        raise
    return services


async def close_services(services: Services) -> None:
    for task in services.workers:
        task.cancel()
    await asyncio.gather(*services.workers, return_exceptions=True)
    if services.relay is not None:
        await services.relay.stop()
    if services.bus is not None:
        await services.bus.close()
    if services.actors is not None:
        await services.actors.close()
    if services.idempotency is not None:
        await services.idempotency.close()
    if services.rate_limits is not None:
        await services.rate_limits.close()
    if services.engine is not None:
        await close_engine(services.engine)


def create_app(settings: Settings | None = None, *, hosted: Sequence[Domain] | None = None) -> Litestar:
    settings = settings or load_settings()
    configure_logging(settings.log_level, settings.log_format)
    hosted = list(hosted) if hosted is not None else domains.load(settings.domains)
    instrumentation = Instrumentation(settings, [d.name for d in hosted])  # /metrics, traces
    tokens = TokenCodec(
        secret_key(settings),
        access_ttl=settings.access_token_ttl,
        api_key_cache_seconds=settings.api_key_cache_seconds,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        services = Services(settings=settings)
        try:
            services = await open_services(settings, hosted, tokens)
            app.state.services = services
            app.state.bus = services.bus
            app.state.idempotency = services.idempotency
            app.state.rate_limits = services.rate_limits if settings.rate_limit_enabled else None
            app.state.attempts = services.attempts
            log.info("mercato ready", domains=[d.name for d in hosted], bus=settings.bus_kind)
            yield
        finally:
            await close_services(services)

    app = Litestar(
        route_handlers=[HealthController, metrics_endpoint, *(route for d in hosted for route in d.routes)],
        lifespan=[instrumentation.lifespan, lifespan, revocations(settings, tokens)],
        dependencies={"bus": Provide(_bus, sync_to_thread=False), "principal": Provide(provide_principal)},
        exception_handlers={**EXCEPTION_HANDLERS, **DATABASE_ERRORS},
        before_request=strict_input,
        after_exception=[instrumentation.unmatched],
        middleware=[
            instrumentation.middleware,
            rate_limit_middleware,
            api_key_middleware,  # after the limits: a flood of made-up keys never reaches identity
            json_body_middleware,
        ],
        cors_config=CORSConfig(allow_origins=settings.cors_origins) if settings.cors_origins else None,
        openapi_config=OpenAPIConfig(
            title="Mercato",
            version="0.1.0",
            description="The shop's HTTP API: shoppers' routes and staff routes under /admin.",
            path="/schema",
            render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin(path="/swagger")],
            components=openapi.COMPONENTS,
        ),
        plugins=[openapi.StrictStructSchemaPlugin()],
        state=_initial_state(tokens, settings),
        debug=False,
    )
    openapi.document(app)
    align_options(app)
    app.asgi_handler = edge(app.asgi_handler)
    return app


def _initial_state(tokens: TokenCodec, settings: Settings) -> State:
    return State({"tokens": tokens, "settings": settings})


def _bus(state: State) -> MessageBus:
    bus: MessageBus = state.bus
    return bus


def __getattr__(name: str) -> Any:
    """``app:app`` for uvicorn and ``litestar run``, built on first use from the environment."""
    if name == "app":
        return create_app()
    raise AttributeError(name)
