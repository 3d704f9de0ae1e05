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
    # When an order's payment is captured: at checkout ("order") or when staff ship it
    # ("shipment": checkout only authorises); and how many days after delivery a return may be asked.
    payment_capture: Literal["order", "shipment"] = "order"
    return_window_days: Positive = 30
    # Payment providers' keys (a provider enabled in payment_providers needs its PAYMENT_KEYS),
    # where the shopper comes back after 3-D Secure or a PayPal approval, and the sandbox's
    # simulated latency per call (benchmarks).
    stripe_secret_key: str | None = None
    stripe_webhook_secret: str | None = None
    paypal_client_id: str | None = None
    paypal_secret: str | None = None
    paypal_webhook_id: str | None = None
    paypal_base_url: str = "https://api-m.sandbox.paypal.com"
    payment_return_url: str | None = None
    sandbox_latency_ms: Annotated[int, msgspec.Meta(ge=0, le=60000)] = 0
    # Fraud rules: the scores (0-100) at which a payment is held for staff review or refused,
    # the amount (minor units of default_currency, 0 = off) over which it scores, and the
    # velocity window (seconds) with the most attempts per email, IP and card in it (0 = off).
    fraud_review_score: Annotated[int, msgspec.Meta(ge=1, le=100)] = 50
    fraud_block_score: Annotated[int, msgspec.Meta(ge=1, le=100)] = 90
    fraud_amount_threshold: Annotated[int, msgspec.Meta(ge=0)] = 100_000
    fraud_velocity_window: Positive = 600
    fraud_velocity_email: Annotated[int, msgspec.Meta(ge=0)] = 0
    fraud_velocity_ip: Annotated[int, msgspec.Meta(ge=0)] = 0
    fraud_velocity_card: Annotated[int, msgspec.Meta(ge=0)] = 0
    # Shipping: EasyPost's API key, webhook secret and the shop's ship-from address (an EasyPost
    # Address id, adr_...), and how often carriers are asked about parcels in flight.
    easypost_api_key: str | None = None
    easypost_webhook_secret: str | None = None
    easypost_from_address_id: str | None = None
    tracking_poll_seconds: Annotated[float, msgspec.Meta(gt=0)] = 300.0
    # Notifications: the channels sent by ([] = console, or smtp once smtp_host is set, plus
    # twilio and webpush when configured, and in_app), their providers' settings, where staff
    # alerts go, the shop's public URL (links in messages, Twilio's callbacks), and retries.
    notification_channels: list[str] = []
    smtp_host: str | None = None
    smtp_port: Annotated[int, msgspec.Meta(ge=1, le=65535)] = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    smtp_webhook_secret: str | None = None
    mail_from: str = "Mercato <shop@localhost>"
    staff_notify_email: str | None = None
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_from: str | None = None
    vapid_private_key: str | None = None
    vapid_subject: str = "mailto:shop@localhost"
    public_url: str | None = None
    notification_max_attempts: Positive = 6
    notification_retry_seconds: Annotated[float, msgspec.Meta(gt=0)] = 30.0
    notification_poll_seconds: Annotated[float, msgspec.Meta(gt=0)] = 1.0
    # --- edge: rate limits and lockout ---
    # Request limits (GCRA; Redis-backed when REDIS_URL is set): requests per rate_limit_window
    # seconds per client IP, signed-in customer and API key, plus per caller per route group;
    # groups are "name=limit", routes "path glob=group" (matched on the route's path template).
    rate_limit_enabled: bool = True
    rate_limit_window: Annotated[float, msgspec.Meta(gt=0)] = 60.0
    rate_limit_ip: Positive = 600
    rate_limit_customer: Positive = 300
    rate_limit_api_key: Positive = 1200
    rate_limit_groups: list[str] = msgspec.field(
        default_factory=lambda: ["auth=30", "checkout=20", "coupons=30", "search=120"]
    )
    rate_limit_routes: list[str] = msgspec.field(
        default_factory=lambda: [
            "/auth/*=auth",
            "/admin/auth/*=auth",
            "/carts/*/checkout=checkout",
            "/carts/*/coupons*=coupons",
            "/search*=search",
        ]
    )
    # Take the client IP from the last X-Forwarded-For hop (only behind a proxy that sets it).
    rate_limit_trust_forwarded: bool = False
    # Brute force (passwords, TOTP codes, reset tokens, coupon codes), per account and per IP:
    # failures before any delay, the first delay (doubling per failure, up to the max), the
    # failures that lock for lockout_seconds, and how long failures are remembered.
    lockout_free_failures: Annotated[int, msgspec.Meta(ge=0)] = 3
    lockout_delay: Annotated[float, msgspec.Meta(gt=0)] = 1.0
    lockout_max_delay: Annotated[float, msgspec.Meta(gt=0)] = 30.0
    lockout_failures: Positive = 10
    lockout_seconds: Annotated[float, msgspec.Meta(gt=0)] = 900.0
    lockout_window: Annotated[float, msgspec.Meta(gt=0)] = 3600.0
    lockout_ip_free_failures: Annotated[int, msgspec.Meta(ge=0)] = 20
    lockout_ip_failures: Positive = 100
    # --- edge: circuit breakers and timeouts ---
    # Every call to a provider (payment, shipping, tax, notifications, Meilisearch) gives up after
    # outbound_timeout seconds (keep it under bus_timeout; search index writes, which wait for the
    # engine's task, after outbound_slow_timeout); breaker_failures outages in a row open that provider's
    # breaker: calls then answer 503 with Retry-After until, breaker_reset_seconds later, one probe goes.
    outbound_timeout: Annotated[float, msgspec.Meta(gt=0, le=300)] = 8.0
    outbound_slow_timeout: Annotated[float, msgspec.Meta(gt=0, le=3600)] = 120.0
    breaker_failures: Positive = 5
    breaker_reset_seconds: Annotated[float, msgspec.Meta(gt=0, le=3600)] = 30.0
    # --- edge: API keys, logout, password reset, email verification, staff TOTP ---
    # Seconds a process trusts an API key's grant before asking identity again (a revoke in
    # the same process, or its event in split mode, drops it at once).
    api_key_cache_seconds: Annotated[float, msgspec.Meta(ge=0, le=60)] = 5.0
    # Seconds a password-reset link stays valid (single use).
    password_reset_ttl: Positive = 3600
    # Seconds an email-verification link stays valid (single use).
    email_verification_ttl: Positive = 3 * 24 * 3600
    # Staff must sign in with TOTP: without it enrolled, staff login gives a token that can only enrol it.
    staff_totp_required: bool = False
    # --- edge: OAuth2 / OIDC sign-in ---
    # Google sign-in (OpenID Connect): on once both are set; its callback is <base>/auth/oauth/google/callback.
    google_client_id: str | None = None
    google_client_secret: str | None = None
    # GitHub sign-in (OAuth2; the verified primary email from its API): on once both are set.
    github_client_id: str | None = None
    github_client_secret: str | None = None
    # One more OpenID Connect provider by discovery URL, at /auth/oauth/{oidc_name}/ (no secret: public client).
    oidc_name: Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_-]{0,30}$")] = "oidc"
    oidc_discovery_url: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    # Browser landing after sign-in (tokens in #fragment; unset: JSON), sign-in lifetime (s), provider timeout (s),
    # and the API's base URL the providers call back (unset: public_url, else the URL the request came to).
    oauth_redirect_url: str | None = None
    oauth_state_ttl: Annotated[int, msgspec.Meta(ge=30, le=3600)] = 600
    oauth_timeout: Annotated[float, msgspec.Meta(gt=0, le=60)] = 10.0
    oauth_callback_base_url: str | None = None
    # --- edge: metrics and tracing ---
    # GET /metrics: open on the app's port unless metrics_token is set (then it needs
    # `Authorization: Bearer <metrics_token>`).
    metrics_token: str | None = None
    # Traces: where spans go ("none" = no tracing, "otlp" = OTLP/HTTP to otel_endpoint or the
    # standard OTEL_EXPORTER_OTLP_ENDPOINT, "console" = printed), the service name (default
    # mercato or mercato-<domains>) and the share of new traces sampled.
    otel_exporter: Literal["none", "otlp", "console"] = "none"
    otel_endpoint: str | None = None
    otel_service_name: str | None = None
    otel_sample_ratio: Annotated[float, msgspec.Meta(ge=0, le=1)] = 1.0

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


LIST_FIELDS = frozenset(
    name
    for name, kind in zip(Settings.__struct_fields__, msgspec.structs.fields(Settings), strict=True)
    if kind.type == list[str]
)


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for field in Settings.__struct_fields__:
        raw = env.get(env_name(field))
        if raw is None or raw == "":
            continue
        if field in LIST_FIELDS:
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
        settings = msgspec.convert(values, Settings, strict=False)
    except msgspec.ValidationError as exc:
        raise SettingsError(_setting_named(str(exc), values), str(exc)) from None
    check_payment_keys(settings)
    return settings


# The settings each built-in payment provider needs once enabled.
PAYMENT_KEYS: dict[str, tuple[str, ...]] = {
    "stripe": ("stripe_secret_key", "stripe_webhook_secret"),
    "paypal": ("paypal_client_id", "paypal_secret", "paypal_webhook_id"),
}


def check_payment_keys(settings: Settings, providers: list[str] | None = None) -> None:
    """A payment provider enabled without its keys stops start-up, naming the missing setting."""
    for provider in settings.payment_providers if providers is None else providers:
        for field in PAYMENT_KEYS.get(provider, ()):
            if not getattr(settings, field):
                raise SettingsError(env_name(field), f"required when payment provider {provider} is enabled")


def _setting_named(message: str, values: Mapping[str, Any]) -> str:
    for field in values:
        if f"$.{field}" in message or f"`{field}`" in message:
            return env_name(field)
    return "settings"
