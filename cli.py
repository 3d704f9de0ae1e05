"""The `mercato` command: serve, migrate, staff create, demo."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import secrets
import signal
import sys
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING

import msgspec

from config.settings import Settings, SettingsError, env_name, load_settings
from core.errors import DomainError
from core.logging import configure_logging

if TYPE_CHECKING:
    from app import Services
    from core.bus import MessageBus

EXIT_BAD_SETTINGS = 2
DEMO_SKU_PREFIX = "DEMO-"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mercato", description="Mercato e-commerce backend")
    parser.add_argument("--profile", help="TOML settings profile (also MERCATO_PROFILE)")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the shop's HTTP API")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--domains", help="comma-separated domains this process hosts (default: all)")
    serve.add_argument("--demo", action="store_true", help="load the demo catalogue and admin first")

    migrate = commands.add_parser("migrate", help="apply, list or undo database migrations")
    migrate.add_argument("action", nargs="?", default="up", choices=["up", "status", "down"])

    staff = commands.add_parser("staff", help="manage staff accounts")
    staff_commands = staff.add_subparsers(dest="staff_command", required=True)
    create = staff_commands.add_parser("create", help="create a staff user")
    create.add_argument("--email", required=True)
    create.add_argument("--password", help="prompted for when omitted")
    create.add_argument("--role", action="append", dest="roles", help="role name (repeatable; default admin)")

    search = commands.add_parser("search", help="search index tasks")
    search_commands = search.add_subparsers(dest="search_command", required=True)
    search_commands.add_parser("reindex", help="rebuild the index beside the live one, then swap")
    search_commands.add_parser("configure", help="apply the index settings, synonyms and stop words")

    demo = commands.add_parser("demo", help="load the demo catalogue and the demo admin")
    demo.add_argument("--products", type=int, default=1000)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(profile=args.profile)
    overrides: dict[str, object] = {}
    if getattr(args, "host", None):
        overrides["host"] = args.host
    if getattr(args, "port", None) is not None:
        overrides["port"] = args.port
    if getattr(args, "domains", None):
        overrides["domains"] = [d.strip() for d in args.domains.split(",") if d.strip()]
    chosen = msgspec.structs.replace(settings, **overrides) if overrides else settings
    _check_providers(chosen)
    return chosen


def _check_providers(settings: Settings) -> None:
    """A provider the settings name must be registered (built in or by an entry point)."""
    from adapters.search import ENGINES
    from adapters.tax import PROVIDERS as TAX_PROVIDERS

    for field, name, registry in (
        ("search_engine", settings.search_engine, ENGINES),
        ("tax_provider", settings.tax_provider, TAX_PROVIDERS),
    ):
        if name is not None and name not in registry.names():
            raise SettingsError(
                env_name(field), f"unknown provider {name!r}; known: {', '.join(registry.names())}"
            )
    _check_payment_providers(settings)


def _check_payment_providers(settings: Settings) -> None:
    """Every payment provider checkout accepts must be registered."""
    from adapters.payments import PROVIDERS as PAYMENT_PROVIDERS

    known = PAYMENT_PROVIDERS.names()
    for name in settings.payment_providers:
        if name not in known:
            raise SettingsError(
                env_name("payment_providers"), f"unknown provider {name!r}; known: {', '.join(known)}"
            )


@contextlib.asynccontextmanager
async def _services(settings: Settings) -> AsyncIterator[Services]:
    import domains
    from app import close_services, open_services, secret_key
    from core.security import TokenCodec

    services = await open_services(settings, domains.load(), TokenCodec(secret_key(settings)))
    try:
        yield services
    finally:
        await close_services(services)


async def _migrate(settings: Settings, action: str) -> int:
    from adapters.db import migrations
    from adapters.db.engine import close_engine, open_engine
    from app import database_url

    dsn, _ = await asyncio.to_thread(database_url, settings)
    engine = await open_engine(dsn, pool_size=2)
    try:
        if action == "up":
            await migrations.apply_all()
            print("migrations applied")
        elif action == "down":
            undone = await migrations.undo_last()
            print(f"undid {undone.app}/{undone.id}" if undone else "nothing to undo")
        for state in await migrations.states():
            print(f"{'applied' if state.applied else 'pending'}  {state.app}/{state.id}  {state.description}")
    finally:
        await close_engine(engine)
    return 0


async def _create_staff(settings: Settings, email: str, password: str, roles: list[str]) -> None:
    from domains.identity.messages import CreateStaffUser

    async with _services(settings) as services:
        assert services.bus is not None
        await services.bus.send(CreateStaffUser(email=email, password=password, roles=roles))


async def _demo(settings: Settings, products: int) -> None:
    from rich.progress import Progress

    from core.errors import Conflict
    from demo.catalog import load_demo
    from domains.identity.messages import CreateStaffUser

    async with _services(settings) as services:
        bus = services.bus
        assert bus is not None
        password = settings.demo_admin_password or secrets.token_urlsafe(12)
        try:
            await bus.send(CreateStaffUser(email="admin@example.com", password=password, roles=["admin"]))
            shown = password if not settings.demo_admin_password else "(MERCATO_DEMO_ADMIN_PASSWORD)"
            print(f"demo staff admin: admin@example.com / {shown}")
        except Conflict:
            print("demo staff admin admin@example.com already exists")
        with Progress() as bar:
            task = bar.add_task("demo catalogue", total=products)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            created = await load_demo(
                bus, products=products, progress=progress, currency=settings.default_currency
            )
        print(f"demo catalogue: {created} products created")
        await _demo_commerce(bus, settings)


async def _demo_commerce(bus: MessageBus, settings: Settings) -> None:
    """What lets a shopper buy at once: stock for the demo SKUs, a shipping method, EU VAT."""
    from demo.inventory import load_stock
    from demo.shipping import load_shipping
    from demo.tax import load_tax_rates, rate_scopes
    from domains.shipping.messages import ListMethods

    skus = await _demo_skus(bus)
    await load_stock(bus, skus)
    print(f"demo stock: {len(skus)} SKUs, 100 units each unless stocked before")
    await load_shipping(bus, currency=settings.default_currency)
    methods = (await bus.ask(ListMethods())).items
    print(f"demo shipping: {', '.join(m.name for m in methods)}")
    await load_tax_rates(bus)
    print(f"demo tax: {len(await rate_scopes(bus))} tax rates")


async def _demo_skus(bus: MessageBus) -> list[str]:
    """Every variant SKU of the demo catalogue's published products."""
    from domains.catalog.messages import ListProductsForIndex

    skus: list[str] = []
    cursor: str | None = None
    while True:
        page = await bus.ask(ListProductsForIndex(cursor=cursor, limit=100))
        skus.extend(v.sku for p in page.items for v in p.variants if v.sku.startswith(DEMO_SKU_PREFIX))
        if (cursor := page.next_cursor) is None:
            return skus


async def _search(settings: Settings, action: str) -> None:
    from rich.progress import Progress

    from domains.catalog.messages import CountProducts
    from domains.search.handlers.indexing import snapshots
    from domains.search.messages import GetSearchSettings

    async with _services(settings) as services:
        assert services.bus is not None
        bus, index = services.bus, services.ports["search.index"]
        if action == "reindex":
            with Progress() as bar:
                published: int = await bus.ask(CountProducts(status="published"))
                task = bar.add_task("search index", total=published)

                async def counted() -> AsyncIterator[Sequence[object]]:
                    async for batch in snapshots(bus):
                        bar.advance(task, len(batch))
                        yield batch

                count = await index.rebuild(counted())
            print(f"search index rebuilt: {count} documents")
        await index.configure(await bus.ask(GetSearchSettings()))
        print("search settings applied")


def _serve(settings: Settings) -> None:
    import uvicorn

    from app import create_app

    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level=settings.log_level)


def _exit_on_terminate(signum: int, _frame: object) -> None:
    """SIGTERM ends the process as an exit does, so the embedded database is stopped on the way out."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # uvicorn restores this handler after its graceful shutdown and raises the signal again.
    signal.signal(signal.SIGTERM, _exit_on_terminate)
    try:
        settings = _settings(args)
    except SettingsError as exc:
        print(f"mercato: bad setting {exc}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    configure_logging(settings.log_level, settings.log_format)
    if args.command == "migrate":
        return asyncio.run(_migrate(settings, args.action))
    if args.command == "staff":
        password = args.password or getpass.getpass("password: ")
        try:
            asyncio.run(_create_staff(settings, args.email, password, args.roles or ["admin"]))
        except DomainError as exc:
            print(f"mercato: {exc.detail}", file=sys.stderr)
            return 1
        print(f"staff user {args.email} created")
        return 0
    if args.command == "search":
        asyncio.run(_search(settings, args.search_command))
        return 0
    if args.command == "demo":
        asyncio.run(_demo(settings, args.products))
        return 0
    if args.demo:
        asyncio.run(_demo(settings, 1000))
    _serve(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
