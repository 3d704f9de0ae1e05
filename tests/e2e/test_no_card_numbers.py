"""No card number is ever stored by payments or written to a log, whatever a shopper types where.

A whole checkout goes through the app with a card number in every free-text place a shopper
reaches (headers, cart, coupon, address, email domain, payment token, search, saved methods),
logging at debug level as JSON; then the logs and every row of every payments table are
searched for a 13-19 digit Luhn-valid sequence.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from config.settings import Settings
from core.security import Principal, TokenCodec
from tests.e2e.test_orders_support import PERMISSIONS, Shop, stocked_shop

Client = AsyncTestClient[Litestar]
PANS = ("4111111111111111", "5555 5555 5555 4444", "3782-822463-10005", "6011000990139424")
VISA, MASTERCARD, AMEX, DISCOVER = PANS
RUN = re.compile(r"\d(?:[ -]?\d)*")


def luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(int(c) for c in reversed(digits)):
        total += (d * 2 - 9 if d > 4 else d * 2) if i % 2 else d
    return total % 10 == 0


def card_numbers(text: str) -> list[str]:
    """Every 13-19 digit stretch (single spaces or dashes between digits allowed) that passes Luhn."""
    found = []
    for run in RUN.finditer(text):
        digits = re.sub(r"[ -]", "", run.group())
        for size in range(13, min(19, len(digits)) + 1):
            found += [
                digits[i : i + size] for i in range(len(digits) - size + 1) if luhn(digits[i : i + size])
            ]
    return found


class Written:
    """Everything written to stderr since the test began (structlog's JSON lines, as production
    writes them, and standard-library lines), as pytest captured it."""

    def __init__(self, capture: pytest.CaptureFixture[str]) -> None:
        self._capture, self._seen = capture, ""

    def getvalue(self) -> str:
        self._seen += self._capture.readouterr().err
        return self._seen


@pytest.fixture
def logs(capsys: pytest.CaptureFixture[str]) -> Written:
    return Written(capsys)


@pytest.fixture
async def shop(
    settings: Settings, logs: Written, staff_headers: Callable[..., dict[str, str]]
) -> AsyncIterator[Shop]:
    from app import create_app

    chatty = msgspec.structs.replace(settings, log_level="debug", log_format="json")
    staff = staff_headers(*(f"{p}:{a}" for p in PERMISSIONS for a in ("read", "write")))
    async with AsyncTestClient(app=create_app(chatty)) as client:
        yield await stocked_shop(client, staff, settings.database_url or "")


async def shopper_types_card_numbers_everywhere(shop: Shop, customer: dict[str, str]) -> Any:
    """A guest's whole purchase with card numbers wherever text goes; the checkout's reply."""
    client = shop.client
    headers = {"X-Request-ID": VISA, "User-Agent": f"Browser {VISA}", "X-Forwarded-For": VISA}
    await client.get("/search", params={"q": VISA}, headers=headers)
    cart = await client.post("/carts", json={"email": f"ann@{VISA}.example"}, headers=headers)
    path = f"/carts/{cart.json()['id']}"
    await client.post(f"{path}/items", json={"sku": VISA, "quantity": 1}, headers=headers)
    assert (
        await client.post(f"{path}/items", json={"sku": "MUG-1", "quantity": 1}, headers=headers)
    ).status_code == 200
    await client.post(f"{path}/coupons", json={"code": MASTERCARD}, headers=headers)
    address = {
        "first_name": VISA,
        "last_name": MASTERCARD,
        "line1": f"Hauptstr. {AMEX}",
        "line2": DISCOVER,
        "city": f"Berlin {VISA}",
        "region": MASTERCARD,
        "postal_code": VISA,
        "country": "DE",
        "phone": AMEX,  # 15 digits: a phone number may hold that many
    }
    await client.post(f"{path}/shipping-address", json=address, headers=headers)
    addressed = await client.post(
        f"{path}/shipping-address", json={**address, "postal_code": "10115"}, headers=headers
    )
    assert addressed.status_code == 200, addressed.text
    chosen = await client.post(f"{path}/shipping-method", json={"method_id": shop.method_id}, headers=headers)
    assert chosen.status_code == 200, chosen.text
    email = f"ann@{DISCOVER.replace(' ', '')}.example"
    for token in (VISA, AMEX, "decline"):
        body = {"email": email, "payment": {"provider": "sandbox", "token": token}}
        await client.post(
            f"{path}/checkout", json=body, headers={**headers, "Idempotency-Key": f"{token}-{VISA}"}
        )
    for body in (
        {"provider": "sandbox", "token": VISA},
        {"provider": "sandbox", "token": "ok", "label": AMEX},
    ):
        await client.post("/me/payment-methods", json=body, headers={**headers, **customer})
    body = {"email": email, "payment": {"provider": "sandbox", "token": "ok"}}
    return await client.post(
        f"{path}/checkout", json=body, headers={**headers, "Idempotency-Key": MASTERCARD}
    )


async def payments_rows(database_url: str) -> str:
    conn = await asyncpg.connect(database_url)
    try:
        tables = [
            row["tablename"]
            for row in await conn.fetch("SELECT tablename FROM pg_tables WHERE tablename LIKE 'payments\\_%'")
        ]
        assert {"payments_payment", "payments_transaction", "payments_attempt"} <= set(tables)
        rows = [row[0] for table in tables for row in await conn.fetch(f'SELECT t::text FROM "{table}" t')]
    finally:
        await conn.close()
    assert rows, "the checkout wrote no payment rows"
    return "\n".join(rows)


async def test_a_checkout_with_card_numbers_typed_everywhere_logs_and_stores_none(
    shop: Shop, logs: Written, caplog: pytest.LogCaptureFixture, tokens: TokenCodec
) -> None:
    caplog.set_level(logging.DEBUG)
    principal = Principal(subject=str(uuid.uuid4()), kind="customer", session_id=str(uuid.uuid4()))
    customer = {"Authorization": f"Bearer {tokens.issue(principal)}"}
    assert card_numbers(" ".join(PANS)) != []  # the search below would find one

    paid = await shopper_types_card_numbers_everywhere(shop, customer)

    assert paid.status_code == 201, paid.text
    assert paid.json()["payment"]["status"] == "captured"
    written = logs.getvalue()
    assert "checkout failed; undoing" in written  # debug logs were captured (the declined attempt)
    assert [line for line in written.splitlines() if card_numbers(line)] == []
    assert [r.getMessage() for r in caplog.records if card_numbers(r.getMessage())] == []
    rows = await payments_rows(shop.database_url)
    assert card_numbers(rows) == []
    assert '"correlation_id": "************1111"' in written  # X-Request-ID reached the logs, masked
    assert "ann@************9424.example" in rows  # the email reached the fraud rules, masked
