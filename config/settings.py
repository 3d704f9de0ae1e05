"""Settings: one struct, read from a TOML profile and then the environment.

Service URLs use their customary names (DATABASE_URL, REDIS_URL, NATS_URL,
MEILI_URL); everything else is MERCATO_<FIELD>. The environment wins over the
profile. A bad value raises ``SettingsError`` naming the setting.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from core.money import CURRENCIES

SERVICE_URLS = {
    "database_url": "DATABASE_URL",
    "redis_url": "REDIS_URL",
    "nats_url": "NATS_URL",
    "meili_url": "MEILI_URL",
}
DEFAULT_PROFILE = Path(__file__).with_name("default.toml")

Positive = Annotated[int, msgspec.Meta(ge=1)]


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    database_url: str | None = None
    redis_url: str | None = None
    nats_url: str | None = None
    meili_url: str | None = None
    meili_key: str | None = None
    meili_index: str = "mercato"
    search_engine: str | None = None
    host: str = "127.0.0.1"
    port: Annotated[int, msgspec.Meta(ge=0, le=65535)] = 8000
    data_dir: str = "var"
    db_pool_size: Positive = 10
    bus: Literal["auto", "inprocess", "nats"] = "auto"
    bus_timeout: Annotated[float, msgspec.Meta(gt=0)] = 10.0
    nats_prefix: Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,30}$")] = "mercato"
    domains: list[str] = []
    mailbox_size: Positive = 256
    secret_key: str | None = None
    access_token_ttl: Positive = 900
    refresh_token_ttl: Positive = 30 * 24 * 3600
    cors_origins: list[str] = []
    log_format: Literal["auto", "json", "console"] = "auto"
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    demo_admin_password: str | None = None
    relay_poll_seconds: Annotated[float, msgspec.Meta(gt=0)] = 1.0
    # Money: prices are kept in default_currency; shoppers may ask for any of currencies.
    default_currency: Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")] = "EUR"
    currencies: list[str] = []
    tax_provider: str = "table"
    coupons_per_order: Positive = 1
    # The most units of one SKU a quote or a cart line may hold.
    max_line_quantity: Positive = 100
    # Commerce: how long a cart holds stock (renewed by cart activity), how often expired
    # holds are swept, the payment providers checkout accepts, how long an
    # Idempotency-Key's first reply is replayed.
    reservation_ttl: Positive = 900
    reservation_sweep_seconds: Annotated[float, msgspec.Meta(gt=0)] = 5.0
    payment_providers: list[str] = msgspec.field(default_factory=lambda: ["sandbox"])
    idempotency_ttl: Positive = 24 * 3600
    # A checkout's lease (longer than any checkout takes; past it, recovery finishes or
    # undoes the checkout of a process that died) and how often recovery looks.
    checkout_lease_seconds: Annotated[float, msgspec.Meta(gt=0)] = 60.0
    checkout_recovery_seconds: Annotated[float, msgspec.Meta(gt=0)] = 5.0

    def __post_init__(self) -> None:
        _check_currencies(self.default_currency, self.currencies)

    @property
    def shop_currencies(self) -> list[str]:
        """The currencies shoppers may ask prices in: ``currencies``, else the default one alone."""
        return list(self.currencies) or [self.default_currency]

    @property
    def bus_kind(self) -> str:
        if self.bus != "auto":
            return self.bus
        return "nats" if self.nats_url else "inprocess"


def _check_currencies(default: str, currencies: list[str]) -> None:
    """ISO 4217 codes (core.money.CURRENCIES) only, and the default among the shop's currencies."""
    if default not in CURRENCIES:
        raise ValueError(f"`default_currency` {default!r} is not an ISO 4217 currency code")
    unknown = [code for code in currencies if code not in CURRENCIES]
    if unknown:
        raise ValueError(f"`currencies` holds codes that are not ISO 4217: {', '.join(unknown)}")
    if currencies and default not in currencies:
        raise ValueError(f"`currencies` must include the default currency {default}")


class SettingsError(ValueError):
    def __init__(self, setting: str, message: str) -> None:
        super().__init__(f"{setting}: {message}")
        self.setting = setting


def env_name(field: str) -> str:
    return SERVICE_URLS.get(field, f"MERCATO_{field.upper()}")


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for field in Settings.__struct_fields__:
        raw = env.get(env_name(field))
        if raw is None or raw == "":
            continue
        if field in ("domains", "cors_origins", "currencies", "payment_providers"):
            found[field] = [part.strip() for part in raw.split(",") if part.strip()]
        else:
            found[field] = raw
    return found


def _from_profile(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(str(path), f"cannot read profile: {exc}") from None


def load_settings(env: Mapping[str, str] | None = None, profile: str | None = None) -> Settings:
    env = os.environ if env is None else env
    values = _from_profile(DEFAULT_PROFILE)
    chosen = profile or env.get("MERCATO_PROFILE")
    if chosen:
        values.update(_from_profile(Path(chosen)))
    values.update(_from_env(env))
    try:
        return msgspec.convert(values, Settings, strict=False)
    except msgspec.ValidationError as exc:
        raise SettingsError(_setting_named(str(exc), values), str(exc)) from None


def _setting_named(message: str, values: Mapping[str, Any]) -> str:
    for field in values:
        if f"$.{field}" in message or f"`{field}`" in message:
            return env_name(field)
    return "settings"
