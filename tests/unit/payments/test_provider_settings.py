"""Payment providers chosen by settings: their keys required once enabled, the sandbox's latency."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from uuid import uuid4

import pytest

from adapters.payments import PROVIDERS, payment_providers
from adapters.payments.paypal import PayPalPaymentProvider
from adapters.payments.sandbox import SandboxPaymentProvider
from adapters.payments.stripe import StripePaymentProvider
from config.settings import Settings, SettingsError, load_settings
from core.money import Money
from domains.payments.ports import AuthoriseRequest

ROOT = Path(__file__).resolve().parents[3]
STRIPE_KEYS = {"MERCATO_STRIPE_SECRET_KEY": "sk_test_x", "MERCATO_STRIPE_WEBHOOK_SECRET": "whsec_x"}
PAYPAL_KEYS = {
    "MERCATO_PAYPAL_CLIENT_ID": "id",
    "MERCATO_PAYPAL_SECRET": "s",
    "MERCATO_PAYPAL_WEBHOOK_ID": "wh",
}


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"MERCATO_PAYMENT_PROVIDERS": "sandbox,stripe"}, "MERCATO_STRIPE_SECRET_KEY"),
        (
            {"MERCATO_PAYMENT_PROVIDERS": "stripe", "MERCATO_STRIPE_SECRET_KEY": "sk"},
            "MERCATO_STRIPE_WEBHOOK_SECRET",
        ),
        ({"MERCATO_PAYMENT_PROVIDERS": "paypal"}, "MERCATO_PAYPAL_CLIENT_ID"),
        (
            {"MERCATO_PAYMENT_PROVIDERS": "paypal", **PAYPAL_KEYS, "MERCATO_PAYPAL_WEBHOOK_ID": ""},
            "MERCATO_PAYPAL_WEBHOOK_ID",
        ),
    ],
)
def test_a_provider_enabled_without_its_keys_stops_start_up_naming_the_missing_setting(
    env: dict[str, str], missing: str
) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(env)

    assert refused.value.setting == missing


def test_keys_of_a_provider_that_is_not_enabled_are_not_asked_for() -> None:
    assert load_settings({}).payment_providers == ["sandbox"]


def test_stripe_and_paypal_are_registered_and_built_from_their_settings() -> None:
    settings = load_settings(
        {"MERCATO_PAYMENT_PROVIDERS": "sandbox,stripe,paypal", **STRIPE_KEYS, **PAYPAL_KEYS}
    )

    providers = payment_providers(settings)

    assert {"sandbox", "stripe", "paypal"} <= set(PROVIDERS.names())
    assert isinstance(providers["stripe"], StripePaymentProvider)
    assert isinstance(providers["paypal"], PayPalPaymentProvider)
    assert settings.paypal_base_url == "https://api-m.sandbox.paypal.com"


def test_building_a_provider_without_its_keys_names_the_setting_too() -> None:
    with pytest.raises(SettingsError, match="MERCATO_STRIPE_SECRET_KEY"):
        payment_providers(Settings(payment_providers=["stripe"]))


def test_serve_with_paypal_enabled_but_no_keys_exits_2_naming_the_setting() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli", "serve"],
        env={"MERCATO_PAYMENT_PROVIDERS": "sandbox,paypal", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )

    assert result.returncode == 2
    assert "MERCATO_PAYPAL_CLIENT_ID" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["-1", "soon", "60001"])
def test_a_bad_sandbox_latency_is_refused_naming_the_setting(value: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings({"MERCATO_SANDBOX_LATENCY_MS": value})

    assert refused.value.setting == "MERCATO_SANDBOX_LATENCY_MS"


async def test_the_sandbox_waits_the_configured_latency_on_every_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waited: list[float] = []

    async def wait(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr("adapters.payments.sandbox.asyncio.sleep", wait)
    sandbox = payment_providers(load_settings({"MERCATO_SANDBOX_LATENCY_MS": "150"}))["sandbox"]
    eur = Money(amount=100, currency="EUR")
    request = AuthoriseRequest(idempotency_key="k", order_id=uuid4(), amount=eur, token="ok", capture=False)

    held = await sandbox.authorise(request)
    await sandbox.capture(held.reference, eur, idempotency_key="k:capture")
    await sandbox.refund(held.reference, eur, idempotency_key="r")

    assert waited == [0.15, 0.15, 0.15]


async def test_the_sandbox_answers_at_once_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    waited: list[float] = []

    async def wait(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr("adapters.payments.sandbox.asyncio.sleep", wait)

    await SandboxPaymentProvider().void("sbx_pay_x", idempotency_key="k")

    assert waited == []
