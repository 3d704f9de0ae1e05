"""Card numbers are recognised wherever they are typed, masked before anything is kept, and a saved
payment method holds a provider's token, never one."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
import structlog

from core.cards import card_numbers_in, luhn_valid, masked
from core.errors import Invalid
from core.logging import configure_logging
from domains.payments.messages.methods import SavePaymentMethod
from domains.payments.model.methods import saved_method
from domains.payments.model.screening import fingerprint, normal_email

VISA = "4111111111111111"
NOW = datetime(2026, 12, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    "number",
    [
        VISA,
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "378282246310005",
        "6011111111111117",
        "4000056655665556",
    ],
)
def test_card_numbers_are_recognised_grouped_or_not(number: str) -> None:
    assert card_numbers_in(number) == [number]
    assert card_numbers_in(f"ship to {number} please") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "1234567890123",
        "pm_1Q0PsIJvEtkwdCNYMSaVuRz6",
        "ok",
        "12345",
        "4111  1111 1111 1111",
    ],
)
def test_tokens_short_numbers_and_a_number_failing_luhn_throughout_are_not_card_numbers(text: str) -> None:
    assert card_numbers_in(text) == []


def test_luhn_checks_the_last_digit() -> None:
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")


def test_masking_keeps_the_last_four_digits_and_leaves_other_numbers_alone() -> None:
    text = f"card {VISA}, order 1234567890123, call +49 30 1234567"

    assert masked(text) == "card ************1111, order 1234567890123, call +49 30 1234567"
    assert card_numbers_in(masked(text)) == []


def test_a_card_number_run_together_with_other_digits_is_masked_too() -> None:
    assert masked(f"{VISA} 20 x") == "**************1120 x"
    assert masked(f"7{VISA}") == "*************1111"
    assert masked("9" * 100) == "*" * 96 + "9999"  # too long to look into: masked whole


def test_an_email_is_kept_lower_case_with_any_card_number_masked() -> None:
    assert normal_email(f" Ann@{VISA}.Example.com ") == "ann@************1111.example.com"
    assert normal_email("  ") is None


def test_a_fingerprint_is_stable_per_provider_and_token_and_reveals_neither() -> None:
    first = fingerprint("stripe", "pm_123")

    assert first == fingerprint("stripe", "pm_123") != fingerprint("paypal", "pm_123")
    assert len(first) == 32 and "pm_123" not in first


def method(**fields: Any) -> SavePaymentMethod:
    values: dict[str, Any] = {"customer_id": uuid4(), "provider": "sandbox", "token": "ok", **fields}
    return SavePaymentMethod(**values)


def test_a_saved_method_keeps_the_token_and_shows_everything_else() -> None:
    cmd = method(label="Work card", brand="visa", last4="1111", expires="2030-12")

    saved = saved_method(cmd, uuid4(), ["sandbox"], NOW)

    assert (saved.token, saved.fingerprint) == ("ok", fingerprint("sandbox", "ok"))
    shown = saved.view()
    assert (shown.label, shown.brand, shown.last4, shown.expires) == ("Work card", "visa", "1111", "2030-12")
    assert not hasattr(shown, "token")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"token": VISA}, "token"),
        ({"token": "4111 1111 1111 1111"}, "token"),
        ({"token": f"tok {VISA}"}, "token"),
        ({"token": "  "}, "token"),
        ({"label": f"my {VISA}"}, "label"),
        ({"provider": "cash"}, "provider"),
        ({"brand": "v1sa"}, "brand"),
        ({"last4": "11111"}, "last4"),
        ({"expires": "2030-13"}, "expires"),
        ({"expires": "2026-11"}, "expires"),
    ],
)
def test_a_card_number_or_a_bad_field_is_refused_naming_the_field(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(Invalid) as refused:
        saved_method(method(**fields), uuid4(), ["sandbox"], NOW)

    assert [e.field for e in refused.value.errors] == [field]
    assert VISA not in str(refused.value.errors) and VISA not in refused.value.detail


def test_log_lines_mask_card_numbers_from_structlog_and_the_standard_library(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    configure_logging("debug", "json")
    caplog.set_level(logging.DEBUG)

    structlog.get_logger("mercato.test").info("typed", address=f"street {VISA}", seen=[{"pan": VISA}])
    logging.getLogger("uvicorn.access").info(
        '%s - "GET %s HTTP/1.1" %d', "127.0.0.1", f"/search?q={VISA}", 200
    )

    written = capsys.readouterr().err
    assert '"address": "street ************1111"' in written
    assert VISA not in written and VISA not in caplog.text
    assert '"GET /search?q=************1111 HTTP/1.1" 200' in caplog.text
