"""The sender: failed sends are retried with backoff until they succeed or run out of attempts,
and SMS waits out the customer's quiet hours. Channels here are test doubles registered the
way a third party registers one (``adapters.notifications.CHANNELS``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.notifications import CHANNELS
from config.settings import Settings
from domains.notifications.model import Outgoing, SendFailed, Sent, WebhookRefused
from tests.e2e.test_notifications_support import messages, staff
from tests.support.eventually import eventually
from tests.support.shop import buy, open_shop

__all__ = ["staff"]


class RecordingChannel:
    """Fails the first ``failures`` sends to an address (all of them when negative), then takes them."""

    def __init__(self, channel: str, failures: int = 0) -> None:
        self.channel = channel
        self.failures = failures
        self.tries: dict[str, int] = {}
        self.sent: list[Outgoing] = []

    async def send(self, message: Outgoing) -> Sent:
        tries = self.tries[message.to] = self.tries.get(message.to, 0) + 1
        if self.failures < 0 or tries <= self.failures:
            raise SendFailed(f"try {tries}: provider busy")
        self.sent.append(message)
        return Sent(provider_message_id=f"{self.channel}-{message.id}")

    def reports(self, url, headers, body):
        raise WebhookRefused("no webhooks", field="channel")


@pytest.fixture
def channels() -> Iterator[dict[str, RecordingChannel]]:
    made = {"flaky_email": RecordingChannel("email", failures=2), "test_sms": RecordingChannel("sms")}
    for name, channel in made.items():
        CHANNELS.register(name, lambda settings, channel=channel: channel)
    yield made
    for name in made:
        CHANNELS._factories.pop(name, None)


@pytest.fixture
def settings(database_url: str, tmp_path: Path, channels) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=str(tmp_path),
        secret_key="test-secret-key-with-enough-length-0123456789",
        bus="inprocess",
        log_level="warning",
        relay_poll_seconds=0.2,
        db_pool_size=4,
        notification_channels=["flaky_email", "test_sms", "in_app"],
        notification_poll_seconds=0.05,
        notification_retry_seconds=0.05,
        notification_max_attempts=3,
    )


def reset(email: str) -> dict:
    return {"event": "password_reset", "email": email, "payload": {"reset_url": "https://x.example/r"}}


async def _one(client, staff, status: str, recipient: str) -> dict | None:
    found = [m for m in await messages(client, staff, status) if m["recipient"] == recipient]
    return found[0] if found else None


async def test_a_send_that_fails_is_retried_until_the_provider_takes_it(client, staff, channels) -> None:
    queued = await client.post("/admin/notifications/messages", json=reset("ann@example.com"), headers=staff)
    assert queued.status_code == 201, queued.text

    sent = await eventually(lambda: _one(client, staff, "sent", "ann@example.com"))

    assert (sent["attempts"], sent["last_error"]) == (3, None)
    assert channels["flaky_email"].tries == {"ann@example.com": 3}
    assert [m.subject for m in channels["flaky_email"].sent] == ["Reset your password"]


async def test_a_send_that_keeps_failing_is_given_up_after_the_last_attempt(client, staff, channels) -> None:
    channels["flaky_email"].failures = -1

    await client.post("/admin/notifications/messages", json=reset("bob@example.com"), headers=staff)

    failed = await eventually(lambda: _one(client, staff, "failed", "bob@example.com"))
    assert (failed["attempts"], failed["last_error"]) == (3, "try 3: provider busy")
    assert channels["flaky_email"].tries == {"bob@example.com": 3}


async def test_sms_in_quiet_hours_waits_for_their_end_while_email_goes_at_once(
    client, staff, customer_headers, channels
) -> None:
    now = datetime.now(UTC)
    quiet = {
        "start": (now - timedelta(hours=1)).strftime("%H:%M"),
        "end": (now + timedelta(hours=2)).strftime("%H:%M"),
    }
    prefs = {"phone": "+4915112345678", "channels": {"sms": {"transactional": True}}, "quiet_hours": quiet}
    assert (
        await client.patch("/me/notification-preferences", json=prefs, headers=customer_headers)
    ).status_code == 200
    channels["flaky_email"].failures = 0
    method = await open_shop(client, staff, "MUG-1", 5)

    assert (await buy(client, "MUG-1", method, headers=customer_headers)).status_code == 201

    await eventually(lambda: len(channels["flaky_email"].sent) == 2)
    held = [m for m in await messages(client, staff, "queued") if m["channel"] == "sms"]
    assert {m["event"] for m in held} == {"order_placed", "order_paid"}
    ends = {datetime.fromisoformat(m["next_attempt_at"]).astimezone(UTC).strftime("%H:%M") for m in held}
    assert ends == {quiet["end"]}
    assert channels["test_sms"].sent == []
