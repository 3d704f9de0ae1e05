"""The retry schedule and a message's status: backoff doubles up to a cap, and the status only moves forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from domains.notifications.model import Delivery, RetryPolicy, SendFailed, Sent

NOW = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)


def delivery(attempts: int = 1) -> Delivery:
    return Delivery(
        id=uuid4(),
        event="order_placed",
        category="transactional",
        channel="email",
        provider="smtp",
        recipient="ann@example.com",
        customer_id=None,
        locale="en",
        subject="Order 1001 placed",
        body="...",
        html=None,
        created_at=NOW,
        attempts=attempts,
        next_attempt_at=NOW,
    )


def test_the_wait_doubles_after_each_failed_attempt_up_to_the_cap() -> None:
    assert [d.total_seconds() for d in RetryPolicy(max_attempts=6, base_seconds=30).schedule()] == [
        30,
        60,
        120,
        240,
        480,
    ]
    assert RetryPolicy(base_seconds=30, cap_seconds=3600).delay(12) == timedelta(hours=1)


def test_a_transient_failure_queues_the_message_again_after_the_backoff() -> None:
    message = delivery(attempts=2)

    message.attempt_failed(SendFailed("421 try later"), NOW, RetryPolicy(base_seconds=30))

    assert (message.status, message.next_attempt_at, message.last_error) == (
        "queued",
        NOW + timedelta(seconds=60),
        "421 try later",
    )
    assert message.events == []


def test_the_last_attempt_a_permanent_failure_or_a_bounce_end_the_message() -> None:
    policy = RetryPolicy(max_attempts=3)
    last, permanent, bounced = delivery(attempts=3), delivery(), delivery()

    last.attempt_failed(SendFailed("timeout"), NOW, policy)
    permanent.attempt_failed(SendFailed("554 rejected", permanent=True), NOW, policy)
    bounced.attempt_failed(SendFailed("550 no such user", bounced=True), NOW, policy)

    assert [m.status for m in (last, permanent, bounced)] == ["failed", "failed", "bounced"]
    assert all(m.next_attempt_at is None and len(m.events) == 1 for m in (last, permanent, bounced))


def test_reports_move_a_message_forward_only() -> None:
    message = delivery()
    message.sent(Sent(provider_message_id="SM1"), NOW)

    assert message.reported("delivered", NOW) is True
    assert message.reported("delivered", NOW) is False
    assert message.reported("bounced", NOW, "550") is True
    assert message.reported("delivered", NOW) is False
    assert message.status == "bounced"


def test_a_complaint_leaves_the_message_as_it_went() -> None:
    message = delivery()
    message.sent(Sent(provider_message_id="m1"), NOW)

    assert message.reported("complained", NOW) is False
    assert message.status == "sent"
