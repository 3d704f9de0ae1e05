"""A message to send: rendered when its event arrives, then queued, sent with retries and
exponential backoff, and followed by its provider's delivery reports.

The status only moves forward: queued -> sent -> delivered, or to one of the ends
(bounced, failed, suppressed); a late "delivered" never undoes a bounce.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from domains.notifications.messages import InboxItem, Notification, NotificationFailed

if TYPE_CHECKING:
    from core.messages import Event
    from domains.notifications.messages import DeliveryStatus
    from domains.notifications.model.channels import Outcome, SendFailed, Sent

RANK = {"queued": 0, "sent": 1, "delivered": 2}
ENDS = ("bounced", "failed", "suppressed")
MAX_ERROR = 500


@dataclass(frozen=True)
class RetryPolicy:
    """Attempt n waits ``base * 2**(n-1)`` seconds (at most ``cap``) after failing; ``max_attempts`` in all."""

    max_attempts: int = 6
    base_seconds: float = 30.0
    cap_seconds: float = 3600.0

    def delay(self, attempt: int) -> timedelta:
        return timedelta(seconds=min(self.base_seconds * 2 ** max(attempt - 1, 0), self.cap_seconds))

    def schedule(self) -> list[timedelta]:
        """The waits between the attempts, in order."""
        return [self.delay(n) for n in range(1, self.max_attempts)]


@dataclass
class Delivery:
    id: UUID
    event: str
    category: str
    channel: str
    provider: str
    recipient: str
    customer_id: UUID | None
    locale: str
    subject: str | None
    body: str
    html: str | None
    created_at: datetime
    headers: dict[str, str] = field(default_factory=dict)
    reference: str | None = None
    status: DeliveryStatus = "queued"
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    provider_message_id: str | None = None
    sent_at: datetime | None = None
    delivered_at: datetime | None = None
    read_at: datetime | None = None
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    def suppress(self) -> None:
        self.status, self.next_attempt_at = "suppressed", None

    def sent(self, sent: Sent, now: datetime) -> None:
        self.status = "delivered" if sent.delivered else "sent"
        self.provider_message_id = sent.provider_message_id
        self.sent_at, self.next_attempt_at, self.last_error = now, None, None
        if sent.delivered:
            self.delivered_at = now

    def postpone(self, until: datetime, reason: str) -> None:
        """Not tried after all (its provider's breaker is open): queued again for ``until``, the
        attempt its claim counted given back."""
        self.attempts = max(self.attempts - 1, 0)
        self.status, self.next_attempt_at, self.last_error = "queued", until, reason[:MAX_ERROR]

    def attempt_failed(self, failure: SendFailed, now: datetime, policy: RetryPolicy) -> None:
        """Retry later with backoff, or give up: bounced, permanent, or out of attempts."""
        self.last_error = failure.detail[:MAX_ERROR]
        if failure.bounced:
            self._end("bounced")
        elif failure.permanent or self.attempts >= policy.max_attempts:
            self._end("failed")
        else:
            self.status, self.next_attempt_at = "queued", now + policy.delay(self.attempts)

    def reported(self, outcome: Outcome, now: datetime, detail: str | None = None) -> bool:
        """Apply a provider's report; False when it changes nothing (late, repeated, or a complaint)."""
        if self.status in ENDS:
            return False
        if outcome == "delivered":
            if RANK[self.status] >= RANK["delivered"]:
                return False
            self.status, self.delivered_at, self.next_attempt_at = "delivered", now, None
            return True
        if outcome == "complained":
            return False  # it arrived; the address is suppressed, the message stays as it went
        self.last_error = (detail or outcome)[:MAX_ERROR]
        self._end("bounced" if outcome == "bounced" else "failed")
        return True

    def _end(self, status: DeliveryStatus) -> None:
        self.status, self.next_attempt_at = status, None
        self.events.append(
            NotificationFailed(
                notification_id=self.id,
                event=self.event,
                channel=self.channel,
                reason=self.last_error or status,
            )
        )

    def view(self) -> Notification:
        return Notification(
            id=self.id,
            event=self.event,
            category=self.category,
            channel=self.channel,
            provider=self.provider,
            recipient=self.recipient,
            customer_id=self.customer_id,
            locale=self.locale,
            subject=self.subject,
            body=self.body,
            status=self.status,
            attempts=self.attempts,
            last_error=self.last_error,
            reference=self.reference,
            created_at=self.created_at,
            next_attempt_at=self.next_attempt_at,
            sent_at=self.sent_at,
            read_at=self.read_at,
        )

    def inbox_item(self) -> InboxItem:
        return InboxItem(
            id=self.id,
            event=self.event,
            subject=self.subject,
            body=self.body,
            reference=self.reference,
            created_at=self.created_at,
            read_at=self.read_at,
        )


def address_key(channel: str, address: str) -> str:
    """The form an address is kept and suppressed in: emails trimmed and lower-cased."""
    return address.strip().lower() if channel == "email" else address.strip()
