"""What the payments handlers need: the payment providers and the PostgreSQL store.

``PaymentProvider`` is the port every provider adapter (sandbox, Stripe PaymentIntents,
PayPal Orders v2, a third party's) implements; each must pass
tests/contracts/test_payments.py. Every call carries an idempotency key the provider
must honour: the same key answers the same result and never moves money twice.
Decline reasons are the provider's own words, except that a refusal for fraud is
always ``"fraud"`` and an ordinary card refusal ``"card_declined"``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from core.bus import MessageBus
    from core.money import Money
    from core.uow import UnitOfWorkFactory
    from domains.payments.messages import Outcome, PaymentTransaction, TransactionKind
    from domains.payments.model import Payment
    from domains.payments.ports.fraud import FraudScreening, Wallet
    from domains.payments.ports.webhooks import WebhookStore

ProviderStatus = Literal["authorised", "captured", "requires_action", "declined", "voided", "refunded"]


class ProviderUnavailable(Exception):
    """The provider errored or could not be reached; handlers answer ``core.errors.Unavailable``."""

    def __init__(self, provider: str, detail: str, *, retry_after: int | None = None) -> None:
        super().__init__(f"payment provider {provider}: {detail}")
        self.provider = provider
        self.detail = detail
        self.retry_after = retry_after


@dataclass(frozen=True)
class AuthoriseRequest:
    """A charge to hold (``capture`` False) or take at once; ``token`` is the provider's, never a card number."""

    idempotency_key: str
    order_id: UUID
    amount: Money
    token: str | None
    capture: bool
    customer_id: UUID | None = None
    email: str | None = None


@dataclass(frozen=True)
class ProviderResult:
    """What the provider answered: its reference for the payment (or refund) and where it stands."""

    reference: str
    status: ProviderStatus
    decline_reason: str | None = None
    action_url: str | None = None


class PaymentProvider(Protocol):
    async def authorise(self, request: AuthoriseRequest) -> ProviderResult:
        """Authorise (and capture, when asked) or decline; ``requires_action`` with an ``action_url``
        when the shopper must act first (3-D Secure, a PayPal approval)."""
        ...

    async def confirm(self, reference: str, *, capture: bool, idempotency_key: str) -> ProviderResult:
        """Finish a ``requires_action`` payment once the shopper acted."""
        ...

    async def capture(self, reference: str, amount: Money, *, idempotency_key: str) -> ProviderResult:
        """Take ``amount`` of an authorised payment: ``captured``, or ``declined`` with a reason."""
        ...

    async def void(self, reference: str, *, idempotency_key: str) -> ProviderResult:
        """Release an authorisation that was not captured: ``voided``."""
        ...

    async def refund(self, reference: str, amount: Money, *, idempotency_key: str) -> ProviderResult:
        """Give back ``amount`` of a captured payment: ``refunded`` with the refund's own reference,
        or ``declined`` with a reason."""
        ...


class PaymentStore(Protocol):
    """Payments and their ledger; runs in the unit of work open when called."""

    async def open(self, payment: Payment) -> Payment:
        """Insert ``payment`` (pending), or return the order's payment if it has one already."""
        ...

    async def get(self, order_id: UUID) -> Payment | None: ...

    async def save(self, payment: Payment, was: Collection[str]) -> bool:
        """Store the payment's status, capture and provider answer if its status is still one of ``was``.

        False (nothing stored) when another call moved it first. Refund amounts are not written.
        """
        ...

    async def reserve_refund(self, order_id: UUID, amount: int) -> bool:
        """Hold ``amount`` for a refund if captured minus refunded and held still covers it."""
        ...

    async def finish_refund(self, payment_id: UUID, amount: int, *, refunded: bool) -> Payment:
        """Release a held ``amount``: counted as refunded when ``refunded``, else given back."""
        ...

    async def record(
        self,
        payment: Payment,
        kind: TransactionKind,
        amount: int,
        outcome: Outcome,
        *,
        reference: str | None = None,
        reason: str | None = None,
    ) -> UUID:
        """Append a line to the payment's ledger; its id (the idempotency key of a refund)."""
        ...

    async def settle_line(self, transaction_id: UUID, outcome: Outcome, reference: str | None = None) -> None:
        """Record the provider's answer on a ledger line written "pending"."""
        ...

    async def transactions(self, payment: Payment) -> list[PaymentTransaction]: ...


@dataclass(frozen=True)
class PaymentsDeps:
    """The second argument of every payments handler; ``providers`` are the enabled ones by name.

    ``fraud`` (None: no screening) and ``wallet`` (None: no saved methods) are ``ports.fraud``'s;
    ``webhooks`` (None: none received) is ``ports.webhooks``'s.
    """

    uow: UnitOfWorkFactory
    bus: MessageBus
    payments: PaymentStore
    providers: Mapping[str, PaymentProvider]
    fraud: FraudScreening | None = None
    wallet: Wallet | None = None
    webhooks: WebhookStore | None = None
