"""Before the provider is asked: which saved method pays, and what the fraud rules make of the attempt.

The verdict is given to the payment before it is opened, so it is stored with the payment
in the same row and the attempt beside it, in one transaction; a repeat of the
authorisation finds the stored verdict and is never scored again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import msgspec

from core.countries import COUNTRIES
from core.errors import FieldError, Invalid, Unavailable
from core.paging import MAX_LIMIT
from domains.payments.model.fraud import score
from domains.payments.model.screening import attempt_of

if TYPE_CHECKING:
    from core.money import Money
    from domains.payments.messages import AuthorisePayment
    from domains.payments.model import Payment
    from domains.payments.model.fraud import Attempt
    from domains.payments.ports import PaymentsDeps
    from domains.payments.ports.fraud import FraudScreening, Wallet

NOT_SAVED = "is not one of the customer's saved payment methods"
T = TypeVar("T")


def screening_of(deps: PaymentsDeps) -> FraudScreening:
    """The fraud screening wired in; Unavailable where there is none."""
    return found_port(deps.fraud, "fraud screening")


def wallet_of(deps: PaymentsDeps) -> Wallet:
    return found_port(deps.wallet, "saved payment methods")


def found_port(port: T | None, what: str) -> T:
    if port is None:
        raise Unavailable(f"{what} is not enabled in this process")
    return port


def page_size(limit: int) -> int:
    """``limit`` if it is a page size the API allows; Invalid naming ``limit`` if not."""
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid("bad page size", errors=[FieldError("limit", f"must be between 1 and {MAX_LIMIT}")])
    return limit


def fraud_fields(cmd: AuthorisePayment) -> list[FieldError]:
    """The countries must be ISO 3166 codes (an IP address that is not one is ignored instead)."""
    return [
        FieldError(field, "must be an ISO 3166 two-letter country code such as DE")
        for field, country in (
            ("billing_country", cmd.billing_country),
            ("shipping_country", cmd.shipping_country),
        )
        if country is not None and country.strip().upper() not in COUNTRIES
    ]


async def with_saved_method(cmd: AuthorisePayment, deps: PaymentsDeps) -> AuthorisePayment:
    """``cmd`` paying with its saved method's provider and token, which must be the customer's."""
    if cmd.saved_method_id is None:
        return cmd
    method = None
    if deps.wallet is not None and cmd.customer_id is not None:
        method = await deps.wallet.methods.get(cmd.customer_id, cmd.saved_method_id)
    if method is None:
        raise Invalid(
            "unknown saved payment method",
            errors=[FieldError("payment.saved_method_id", NOT_SAVED)],
        )
    return msgspec.structs.replace(cmd, provider=method.provider, token=method.token)


async def screen(
    cmd: AuthorisePayment, amount: Money, payment: Payment, deps: PaymentsDeps
) -> Attempt | None:
    """Give the new ``payment`` the fraud rules' verdict; the attempt to keep beside it (None: no screening)."""
    if deps.fraud is None:
        return None
    attempt = attempt_of(cmd, amount)
    rules, store = deps.fraud.rules, deps.fraud.store
    velocity = await store.velocity(attempt, rules.window_seconds)
    blocklist = await store.blocklist(attempt)
    payment.screened(score(attempt, velocity, blocklist, rules))
    return attempt


async def keep_attempt(
    deps: PaymentsDeps, payment: Payment, attempt: Attempt | None, cmd: AuthorisePayment
) -> None:
    """Keep the attempt beside its payment, inside the unit of work that opened it."""
    if attempt is not None:
        await screening_of(deps).store.record(payment, attempt, cmd.saved_method_id)
