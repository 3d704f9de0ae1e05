"""A provider's webhook: verified by its adapter, applied once, and only ever forwards.

The event is recorded as received and its payment locked in one transaction with the
change it makes, so a replay (same provider event id) finds the first delivery and
changes nothing, and a failure part-way leaves no trace for the provider's retry to
trip over. A capture confirmed by webhook raises ``PaymentCaptured`` like any other;
a refund made at the provider raises ``PaymentRefunded`` for the part not yet counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

from core.errors import DomainError, NotFound, Unavailable
from domains.payments.handlers.lookup import RETRY_AFTER
from domains.payments.messages import PaymentRefunded
from domains.payments.messages.webhooks import ReceivePaymentWebhook, WebhookReceipt
from domains.payments.model.webhooks import CAPTURED, HOLDS, UNAUTHORISED, moves_forward, refunded_after
from domains.payments.ports import ProviderUnavailable
from domains.payments.ports.webhooks import WebhookReceiver, WebhookRejected

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from core.uow import UnitOfWork
    from domains.payments.messages import Outcome, PaymentStatus, TransactionKind
    from domains.payments.messages.webhooks import WebhookOutcome
    from domains.payments.model import Payment
    from domains.payments.ports import PaymentsDeps
    from domains.payments.ports.webhooks import ProviderEvent, WebhookKind, WebhookStore

log = structlog.get_logger("mercato.payments.webhooks")
REFUNDED_AT_PROVIDER = "refunded at the provider"
# The status each kind of event moves a payment to.
TARGETS: dict[WebhookKind, PaymentStatus] = {
    "authorised": "authorised",
    "captured": "captured",
    "declined": "declined",
    "voided": "voided",
    "refunded": "captured",
}


def _receiver(deps: PaymentsDeps, provider: str) -> WebhookReceiver:
    found = deps.providers.get(provider)
    if not isinstance(found, WebhookReceiver):
        raise NotFound(f"no enabled payment provider {provider!r} receives webhooks")
    return found


async def _verified(receiver: WebhookReceiver, cmd: ReceivePaymentWebhook) -> ProviderEvent:
    try:
        return await receiver.receive_webhook(cmd.body, cmd.headers)
    except WebhookRejected as exc:
        raise DomainError(f"the webhook was refused: {exc}") from None
    except ProviderUnavailable as exc:
        raise Unavailable(
            f"payment provider {cmd.provider} could not verify the webhook; deliver it again",
            retry_after=exc.retry_after or RETRY_AFTER,
        ) from exc


async def receive_payment_webhook(cmd: ReceivePaymentWebhook, deps: PaymentsDeps) -> WebhookReceipt:
    event = await _verified(_receiver(deps, cmd.provider), cmd)
    if deps.webhooks is None:
        raise Unavailable("payment webhooks are not wired in this process", retry_after=RETRY_AFTER)
    store = deps.webhooks
    async with deps.uow() as uow:
        if not await store.claim(cmd.provider, event):
            return WebhookReceipt(provider=cmd.provider, event_id=event.id, outcome="duplicate")
        payment = await store.lock_payment(cmd.provider, event.order_id, event.reference)
        outcome: WebhookOutcome = "unknown_payment"
        if payment is None:
            log.warning(
                "webhook for an unknown payment", provider=cmd.provider, event_id=event.id, type=event.type
            )
        else:
            outcome = await _apply(deps, store, uow, payment, event)
        order_id = payment.order_id if payment else None
        await store.note(cmd.provider, event.id, outcome, order_id)
        await uow.commit()
    return WebhookReceipt(provider=cmd.provider, event_id=event.id, outcome=outcome, order_id=order_id)


async def _apply(
    deps: PaymentsDeps, store: WebhookStore, uow: UnitOfWork, payment: Payment, event: ProviderEvent
) -> WebhookOutcome:
    """Move the (locked) payment as the event says, if that is forwards."""
    if not moves_forward(payment.status, event.kind):
        return "ignored"
    if event.kind == "refunded":
        return await _refunded(deps, store, uow, payment, event)
    await _moved(deps, uow, payment, event)
    return "applied"


async def _moved(deps: PaymentsDeps, uow: UnitOfWork, payment: Payment, event: ProviderEvent) -> None:
    """Authorised, captured (a refund implies it), declined or voided: status, ledger and events."""
    assert event.kind is not None
    was, amount, target = payment.status, payment.amount.amount, TARGETS[event.kind]
    reference, note = event.reference or payment.reference, f"webhook {event.type} {event.id}"
    if target == "voided":
        payment.mark_voided()
    elif target == "captured" and was in HOLDS:
        payment.mark_captured()
    else:
        payment.settle(target, reference, decline_reason=event.reason)
    await deps.payments.save(payment, {was})
    lines: list[tuple[TransactionKind, Outcome, str | None]] = []
    if was in UNAUTHORISED and target != "voided":
        declined = target == "declined"
        lines.append(("authorise", "declined" if declined else "succeeded", payment.decline_reason or note))
    if target in ("captured", "voided"):
        lines.append(("capture" if target == "captured" else "void", "succeeded", note))
    for kind, outcome, reason in lines:
        await deps.payments.record(payment, kind, amount, outcome, reference=reference, reason=reason)
    uow.collect(payment)


async def _refunded(
    deps: PaymentsDeps, store: WebhookStore, uow: UnitOfWork, payment: Payment, event: ProviderEvent
) -> WebhookOutcome:
    """Count what the provider refunded beyond what we did (capturing first, if its event is late)."""
    total = event.refunded_total
    if total is None or total.currency != payment.amount.currency:
        return "ignored"
    moved = payment.status not in CAPTURED
    if moved:
        await _moved(deps, uow, payment, event)
    refunded = refunded_after(
        captured=payment.captured,
        refunded=payment.refunded,
        refunding=payment.refunding,
        provider_total=total.amount,
    )
    if refunded == payment.refunded:
        return "applied" if moved else "ignored"
    after = await store.set_refunded(payment, refunded)
    delta = payment.money(after.refunded - payment.refunded)
    note = f"{REFUNDED_AT_PROVIDER}: webhook {event.type} {event.id}"
    await deps.payments.record(
        payment, "refund", delta.amount, "succeeded", reference=event.reference, reason=note
    )
    uow.add(
        PaymentRefunded(
            order_id=payment.order_id,
            payment_id=payment.id,
            amount=delta,
            total=payment.money(after.refunded),
            reason=REFUNDED_AT_PROVIDER,
        )
    )
    return "applied"


HANDLERS: dict[type[Message], Handler] = {ReceivePaymentWebhook: receive_payment_webhook}
