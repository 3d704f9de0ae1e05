"""The sandbox provider per API.md: the token decides, the idempotency key names the payment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from uuid import uuid4

import pytest

from adapters.payments import PROVIDERS, payment_providers
from adapters.payments.sandbox import SandboxPaymentProvider
from config.settings import Settings
from core.money import Money
from core.providers import UnknownProvider
from domains.payments.ports import AuthoriseRequest, ProviderUnavailable

ROOT = Path(__file__).resolve().parents[3]


def request(token: str | None, *, key: str = "pay-1", capture: bool = True) -> AuthoriseRequest:
    return AuthoriseRequest(
        idempotency_key=key,
        order_id=uuid4(),
        amount=Money(amount=1999, currency="EUR"),
        token=token,
        capture=capture,
    )


@pytest.mark.parametrize(
    ("token", "capture", "status", "reason"),
    [
        ("ok", True, "captured", None),
        ("ok", False, "authorised", None),
        ("decline", True, "declined", "card_declined"),
        ("fraud", True, "declined", "fraud"),
        ("3ds", True, "requires_action", None),
        ("tok_unknown", True, "declined", "invalid_token"),
        (None, True, "declined", "invalid_token"),
    ],
)
async def test_the_token_decides_the_answer(token, capture, status, reason) -> None:
    result = await SandboxPaymentProvider().authorise(request(token, capture=capture))

    assert (result.status, result.decline_reason) == (status, reason)
    assert result.reference.startswith("sbx_pay_")


async def test_the_error_token_raises_provider_unavailable() -> None:
    with pytest.raises(ProviderUnavailable):
        await SandboxPaymentProvider().authorise(request("error"))


async def test_a_restarted_sandbox_answers_a_known_key_with_the_same_payment() -> None:
    before = await SandboxPaymentProvider().authorise(request("ok", key="order-7"))
    after_restart = await SandboxPaymentProvider().authorise(request("ok", key="order-7"))

    assert before == after_restart


async def test_3ds_points_at_an_action_url_and_confirm_authorises() -> None:
    sandbox = SandboxPaymentProvider()
    waiting = await sandbox.authorise(request("3ds", capture=False))

    confirmed = await sandbox.confirm(waiting.reference, capture=False, idempotency_key="pay-1:confirm")

    assert waiting.action_url is not None
    assert waiting.reference in waiting.action_url
    assert (confirmed.status, confirmed.reference) == ("authorised", waiting.reference)


def test_the_enabled_providers_are_built_by_name_and_an_unknown_one_is_refused() -> None:
    assert list(payment_providers(Settings())) == ["sandbox"]
    assert "sandbox" in PROVIDERS.names()
    with pytest.raises(UnknownProvider, match="known: paypal, sandbox, stripe"):
        payment_providers(Settings(payment_providers=["sandbox", "nope"]))


def test_serve_with_an_unknown_payment_provider_exits_2_naming_the_setting_and_the_known_ones() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli", "serve"],
        env={"MERCATO_PAYMENT_PROVIDERS": "sandbox,nope", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )

    assert result.returncode == 2
    assert "MERCATO_PAYMENT_PROVIDERS" in result.stderr
    assert "known: paypal, sandbox, stripe" in result.stderr
    assert "Traceback" not in result.stderr
