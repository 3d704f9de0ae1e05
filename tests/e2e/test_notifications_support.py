"""Helpers of the notifications e2e tests (no tests here): the app sending mail to a real local
SMTP server, staff able to run the shop and its notifications, signed provider webhooks."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.notifications.smtp import webhook_signature
from config.settings import Settings
from tests.support.mailbox import Mailbox, smtp_server
from tests.support.shop import STAFF

NOTIFY = ("notifications:read", "notifications:write")
WEBHOOK_SECRET = "whsec_" + "c2VjcmV0LWtleS1vZi10aGUtcmVsYXk="  # base64 of "secret-key-of-the-relay"
STAFF_EMAIL = "staff@example.com"
TWILIO_SID, TWILIO_TOKEN = "AC3f1b2c4d5e6f708192a3b4c5d6e7f809", "f2a1c3e5d7b9a0c2e4f6a8b0c2d4e6f8"


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def settings(database_url: str, tmp_path: Path, mailbox: Mailbox) -> Settings:
    """The test settings, sending email by SMTP to ``mailbox`` and checking for due messages often."""
    return Settings(
        database_url=database_url,
        data_dir=str(tmp_path),
        secret_key="test-secret-key-with-enough-length-0123456789",
        bus="inprocess",
        log_level="warning",
        relay_poll_seconds=0.2,
        db_pool_size=4,
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        smtp_starttls=False,
        smtp_webhook_secret=WEBHOOK_SECRET,
        mail_from="Mercato Shop <shop@mercato.example>",
        staff_notify_email=STAFF_EMAIL,
        public_url="https://shop.example.com",
        twilio_account_sid=TWILIO_SID,
        twilio_auth_token=TWILIO_TOKEN,
        twilio_from="+15017122661",
        notification_poll_seconds=0.05,
        notification_retry_seconds=0.05,
        notification_max_attempts=3,
    )


@pytest.fixture
def staff(staff_headers) -> dict[str, str]:
    return staff_headers(*STAFF, *NOTIFY)


def signed_webhook(body: bytes, secret: str = WEBHOOK_SECRET) -> dict[str, str]:
    """Standard Webhooks headers, as the mail relay sends them."""
    message_id, timestamp = f"msg_{uuid.uuid4().hex}", str(int(time.time()))
    return {
        "webhook-id": message_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": webhook_signature(secret, message_id, timestamp, body),
        "content-type": "application/json",
    }


async def messages(client, staff: dict[str, str], status: str | None = None) -> list[dict]:
    query = f"?status={status}&limit=100" if status else "?limit=100"
    reply = await client.get(f"/admin/notifications/messages{query}", headers=staff)
    assert reply.status_code == 200, reply.text
    return list(reply.json()["items"])
