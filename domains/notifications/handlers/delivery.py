"""The sender: a worker hands due messages to their channels, with retries and exponential
backoff; providers' webhooks report deliveries, bounces and complaints.

Messages are claimed in a short transaction (each claim counts an attempt and leases the
message), sent outside any transaction, and their outcome saved in another: a sender
that dies mid-send leaves the message to be tried again once its lease ends.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

import structlog

from core.breaker import CircuitOpen
from core.errors import DomainError, FieldError, NotFound
from domains.notifications import messages as m
from domains.notifications.model import Delivery, Outgoing, SendFailed, Sent, WebhookRefused
from domains.notifications.model.deliveries import address_key

if TYPE_CHECKING:
    from datetime import datetime

    from core.domain import Handler
    from core.messages import Message
    from core.uow import UnitOfWork
    from domains.notifications.model import DeliveryReport
    from domains.notifications.ports import NotificationsDeps

log = structlog.get_logger("mercato.notifications.sender")
AT_ONCE = 8  # sends in flight together: a mail relay limits connections per client


async def deliver_due(deps: NotificationsDeps, now: datetime | None = None) -> int:
    """Send every message due at ``now`` (default: the clock's), batch by batch; how many were tried."""
    tried = 0
    while True:
        at = now or deps.clock()
        async with deps.uow() as uow:
            claimed = await deps.deliveries.claim_due(
                at, at + timedelta(seconds=deps.lease_seconds), deps.batch
            )
            await uow.commit()
        for start in range(0, len(claimed), AT_ONCE):
            await asyncio.gather(*(attempt(deps, d) for d in claimed[start : start + AT_ONCE]))
        tried += len(claimed)
        if len(claimed) < deps.batch:
            return tried


async def attempt(deps: NotificationsDeps, delivery: Delivery) -> None:
    """One try at sending ``delivery`` (already counted and leased), its outcome saved."""
    bounced = False
    if await _suppressed(deps, delivery):
        delivery.suppress()
    else:
        try:
            sent = await _send(deps, delivery)
        except CircuitOpen as paused:  # the provider is down: nothing was sent, no attempt spent
            delivery.postpone(deps.clock() + timedelta(seconds=paused.retry_after or 1), paused.detail)
            log.info("notification postponed", id=str(delivery.id), provider=delivery.provider)
        except SendFailed as failure:
            delivery.attempt_failed(failure, deps.clock(), deps.retry)
            bounced = failure.bounced
            log.warning(
                "notification not sent",
                id=str(delivery.id),
                channel=delivery.channel,
                attempts=delivery.attempts,
                status=delivery.status,
                error=failure.detail,
            )
        except Exception as exc:
            delivery.attempt_failed(SendFailed(repr(exc)), deps.clock(), deps.retry)
            log.exception("notification channel failed", id=str(delivery.id), provider=delivery.provider)
        else:
            delivery.sent(sent, deps.clock())
    async with deps.uow() as uow:
        await deps.deliveries.save(delivery)
        if bounced:
            await _suppress(deps, uow, delivery.channel, delivery.recipient, "bounce")
        uow.collect(delivery)
        await uow.commit()


async def _suppressed(deps: NotificationsDeps, delivery: Delivery) -> bool:
    return await deps.suppressions.has(delivery.channel, delivery.recipient)  # one read: no transaction


async def _send(deps: NotificationsDeps, delivery: Delivery) -> Sent:
    channel = deps.channels.get(delivery.provider)
    if channel is None:
        raise SendFailed(f"the channel {delivery.provider!r} is no longer enabled", permanent=True)
    push = None
    if delivery.channel == "push":
        push = await deps.subscriptions.target(delivery.recipient)
        if push is None:
            raise SendFailed("the push subscription was removed", bounced=True)
    outgoing = Outgoing(
        id=delivery.id,
        channel=delivery.channel,  # type: ignore[arg-type]
        to=delivery.recipient,
        subject=delivery.subject,
        body=delivery.body,
        html=delivery.html,
        headers=delivery.headers,
        push=push,
    )
    return await channel.send(outgoing)


async def _suppress(
    deps: NotificationsDeps, uow: UnitOfWork, channel: str, address: str, reason: str
) -> bool:
    key = address_key(channel, address)
    if not await deps.suppressions.add(channel, key, reason, deps.clock()):
        return False
    if channel == "push":
        await deps.subscriptions.drop(key)
    uow.add(m.AddressSuppressed(channel=channel, address=key, reason=reason))
    return True


async def delivery_worker(deps: NotificationsDeps) -> None:
    """Send what is due every ``poll_seconds`` until cancelled; a failed pass is logged and retried."""
    while True:
        try:
            await deliver_due(deps)
        except Exception as exc:  # noqa: BLE001 - the database may be briefly away
            log.warning("notification pass failed", error=repr(exc))
        await asyncio.sleep(deps.poll_seconds)


async def receive_delivery_webhook(
    cmd: m.ReceiveDeliveryWebhook, deps: NotificationsDeps
) -> m.WebhookReceipt:
    channel = deps.channels.get(cmd.provider)
    if channel is None:
        raise NotFound(f"no notification channel {cmd.provider!r} is enabled")
    try:
        reports = channel.reports(cmd.url, cmd.headers, cmd.body)
    except WebhookRefused as exc:
        raise DomainError(exc.detail, errors=[FieldError(exc.field, exc.detail)]) from None
    suppressed: list[str] = []
    async with deps.uow() as uow:
        for report in reports:
            address = await _apply(deps, uow, cmd.provider, channel.channel, report)
            reason = {"bounced": "bounce", "complained": "complaint"}.get(report.outcome)
            if reason and address and await _suppress(deps, uow, channel.channel, address, reason):
                suppressed.append(address_key(channel.channel, address))
        await uow.commit()
    return m.WebhookReceipt(reports=len(reports), suppressed=suppressed)


async def _apply(
    deps: NotificationsDeps, uow: UnitOfWork, provider: str, channel: str, report: DeliveryReport
) -> str | None:
    """Apply the report to the message it names; the address it concerns."""
    delivery = None
    if report.provider_message_id:
        delivery = await deps.deliveries.by_provider_id(provider, report.provider_message_id)
    if delivery is None and report.address:
        delivery = await deps.deliveries.latest_to(channel, address_key(channel, report.address))
    if delivery is not None and delivery.reported(report.outcome, deps.clock(), report.detail):
        await deps.deliveries.save(delivery)
        uow.collect(delivery)
    return report.address or (delivery.recipient if delivery else None)


HANDLERS: dict[type[Message], Handler] = {m.ReceiveDeliveryWebhook: receive_delivery_webhook}
WORKERS = [delivery_worker]
