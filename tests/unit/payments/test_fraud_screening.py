"""Fraud screening in the authorisation, the review queue and saved methods, over in-memory ports."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from core.errors import Conflict, Invalid
from domains.customers.messages import CustomerErased
from domains.payments.handlers.authorisation import authorise_payment
from domains.payments.handlers.blocklist import add_block_entry
from domains.payments.handlers.methods import (
    list_payment_methods,
    save_payment_method,
    when_customer_erased_forget_payment_methods,
)
from domains.payments.handlers.review import approve_payment, list_held_payments, reject_payment
from domains.payments.handlers.settlement import capture_payment, void_payment
from domains.payments.messages import (
    ApprovePayment,
    AuthorisePayment,
    CapturePayment,
    PaymentHeld,
    RejectPayment,
    VoidPayment,
)
from domains.payments.messages.fraud import AddBlockEntry, ListHeldPayments
from domains.payments.messages.methods import ListPaymentMethods, SavePaymentMethod
from domains.payments.model.screening import fingerprint
from domains.payments.ports import PaymentsDeps
from tests.unit.payments.fakes import CountingProvider, eur
from tests.unit.payments.fraud_fakes import fraud_store, screened_deps

REVIEW = {"amount_threshold": 5000, "review_score": 30}  # an amount over 50.00 is held


def pay(token: str | None = "ok", **fields: Any) -> AuthorisePayment:
    values: dict[str, Any] = {
        "order_id": uuid4(),
        "amount": eur(10000),
        "provider": "fake",
        "email": "ann@example.com",
        "ip": "198.51.100.7",
        "billing_country": "DE",
        "shipping_country": "DE",
        **fields,
    }
    return AuthorisePayment(token=token, **values)


async def block(deps: PaymentsDeps, kind: Any, value: str) -> None:
    await add_block_entry(AddBlockEntry(kind=kind, value=value, actor="staff:1"), deps)


async def test_a_blocklisted_attempt_is_declined_for_fraud_without_asking_the_provider() -> None:
    provider = CountingProvider()
    d = screened_deps(provider)
    await block(d, "ip", "198.51.100.0/24")

    view = await authorise_payment(pay(), d)

    assert (view.status, view.decline_reason) == ("declined", "fraud")
    assert view.fraud_score == 100
    assert view.fraud_reasons == ["blocklist_ip: 198.51.100.7 is in 198.51.100.0/24"]
    assert provider.calls == []
    assert d.uow.types() == ["PaymentDeclined"]  # type: ignore[attr-defined]
    assert d.payments.kinds() == [("authorise", "declined")]  # type: ignore[attr-defined]


async def test_an_attempt_scored_for_review_is_authorised_without_capture_and_held() -> None:
    provider = CountingProvider()
    d = screened_deps(provider, **REVIEW)
    cmd = pay()

    view = await authorise_payment(cmd, d)

    assert (view.status, view.captured, view.fraud_score) == ("held", eur(0), 30)
    assert view.fraud_reasons == ["amount: 100.00 EUR is over 50.00 EUR"]
    assert provider.charges[str(view.id)].status == "authorised"  # asked to authorise only
    assert d.uow.types() == ["PaymentAuthorised", "PaymentHeld"]  # type: ignore[attr-defined]
    held = d.uow.of_type(PaymentHeld)  # type: ignore[attr-defined]
    assert held == [
        PaymentHeld(order_id=cmd.order_id, payment_id=view.id, score=30, reasons=view.fraud_reasons)
    ]


async def test_an_ordinary_attempt_is_captured_as_before_and_its_verdict_kept() -> None:
    d = screened_deps(**REVIEW)

    view = await authorise_payment(pay(amount=eur(4000)), d)

    assert (view.status, view.fraud_score, view.fraud_reasons) == ("captured", 0, [])
    (attempt,) = [a for a, _ in fraud_store(d).attempts.values()]
    assert (attempt.email, attempt.ip, attempt.card) == (
        "ann@example.com",
        "198.51.100.7",
        fingerprint("fake", "ok"),
    )


async def test_a_repeat_of_a_held_payment_answers_held_and_is_neither_rescored_nor_charged() -> None:
    provider = CountingProvider()
    d = screened_deps(provider, **REVIEW)
    cmd = pay()
    first = await authorise_payment(cmd, d)

    again = await authorise_payment(cmd, d)

    assert again == first
    assert provider.asked("authorise") == [str(first.id)]
    assert len(fraud_store(d).attempts) == 1


async def test_velocity_counts_earlier_attempts_of_the_same_email() -> None:
    d = screened_deps(email_limit=2, review_score=40)
    for _ in range(2):
        assert (await authorise_payment(pay(), d)).status == "captured"

    third = await authorise_payment(pay(), d)

    assert (third.status, third.fraud_reasons) == ("held", ["velocity_email: 3 attempts in 10 min"])


async def test_a_country_that_is_not_iso_3166_is_refused_naming_it() -> None:
    with pytest.raises(Invalid) as refused:
        await authorise_payment(pay(billing_country="Germany"), screened_deps())

    assert [e.field for e in refused.value.errors] == ["billing_country"]


async def held_payment(d: PaymentsDeps) -> UUID:
    view = await authorise_payment(pay(), d)
    assert view.status == "held"
    return view.order_id


async def test_staff_see_the_held_payment_in_the_queue_with_score_and_reasons() -> None:
    d = screened_deps(**REVIEW)
    order_id = await held_payment(d)

    page = await list_held_payments(ListHeldPayments(), d)

    (item,) = page.items
    assert (item.order_id, item.score, item.reasons) == (
        order_id,
        30,
        ["amount: 100.00 EUR is over 50.00 EUR"],
    )
    assert (item.email, item.ip) == ("ann@example.com", "198.51.100.7")


async def test_approving_a_held_payment_captures_it_once_and_a_second_decision_is_a_conflict() -> None:
    provider = CountingProvider()
    d = screened_deps(provider, **REVIEW)
    order_id = await held_payment(d)

    view = await approve_payment(ApprovePayment(order_id=order_id, actor="staff:1"), d)

    assert (view.status, view.captured) == ("captured", eur(10000))
    assert d.uow.types()[-1] == "PaymentCaptured"  # type: ignore[attr-defined]
    with pytest.raises(Conflict):
        await approve_payment(ApprovePayment(order_id=order_id, actor="staff:2"), d)
    with pytest.raises(Conflict):
        await reject_payment(RejectPayment(order_id=order_id, actor="staff:2", reason="no"), d)
    assert len(provider.asked("capture")) == 1
    assert (await list_held_payments(ListHeldPayments(), d)).items == []


async def test_rejecting_a_held_payment_voids_it_and_it_can_no_longer_be_approved() -> None:
    provider = CountingProvider()
    d = screened_deps(provider, **REVIEW)
    order_id = await held_payment(d)

    view = await reject_payment(RejectPayment(order_id=order_id, actor="staff:1", reason="stolen card"), d)

    assert (view.status, view.captured) == ("voided", eur(0))
    assert d.uow.types()[-1] == "PaymentVoided"  # type: ignore[attr-defined]
    with pytest.raises(Conflict):
        await approve_payment(ApprovePayment(order_id=order_id, actor="staff:1"), d)
    assert provider.asked("capture") == []


async def test_an_approval_racing_a_rejection_loses_before_reaching_the_provider() -> None:
    provider = CountingProvider()
    d = screened_deps(provider, **REVIEW)
    order_id = await held_payment(d)
    payment = await d.payments.get(order_id)
    assert payment is not None
    await fraud_store(d).decide(payment.id, "rejected", "staff:1", "stolen")  # the other staff's click

    with pytest.raises(Conflict):
        await approve_payment(ApprovePayment(order_id=order_id, actor="staff:2"), d)

    assert provider.asked("capture") == []


async def test_a_held_payment_is_not_captured_by_orders_but_may_be_voided_when_the_order_is_cancelled() -> (
    None
):
    d = screened_deps(**REVIEW)
    order_id = await held_payment(d)

    with pytest.raises(Conflict):
        await capture_payment(CapturePayment(order_id=order_id), d)
    assert (await void_payment(VoidPayment(order_id=order_id), d)).status == "voided"


async def test_a_rejection_needs_a_reason() -> None:
    d = screened_deps(**REVIEW)
    order_id = await held_payment(d)

    with pytest.raises(Invalid) as refused:
        await reject_payment(RejectPayment(order_id=order_id, actor="staff:1", reason="  "), d)

    assert [e.field for e in refused.value.errors] == ["reason"]


async def test_a_saved_method_pays_with_its_token_for_its_owner_only() -> None:
    provider = CountingProvider()
    d = screened_deps(provider)
    owner = uuid4()
    saved = await save_payment_method(
        SavePaymentMethod(customer_id=owner, provider="fake", token="decline"), d
    )

    view = await authorise_payment(pay(token=None, customer_id=owner, saved_method_id=saved.id), d)

    assert (view.status, view.decline_reason) == ("declined", "card_declined")  # the saved token was used
    with pytest.raises(Invalid) as refused:
        await authorise_payment(pay(token="ok", customer_id=uuid4(), saved_method_id=saved.id), d)
    assert [e.field for e in refused.value.errors] == ["payment.saved_method_id"]


async def test_an_erased_customer_s_saved_methods_are_forgotten() -> None:
    d = screened_deps()
    owner = uuid4()
    await save_payment_method(SavePaymentMethod(customer_id=owner, provider="fake", token="ok"), d)

    await when_customer_erased_forget_payment_methods(CustomerErased(customer_id=owner), d)

    assert await list_payment_methods(ListPaymentMethods(customer_id=owner), d) == []


async def test_the_same_token_saved_twice_is_a_conflict_naming_token() -> None:
    d = screened_deps()
    cmd = SavePaymentMethod(customer_id=uuid4(), provider="fake", token="ok")
    await save_payment_method(cmd, d)

    with pytest.raises(Conflict) as refused:
        await save_payment_method(cmd, d)

    assert [e.field for e in refused.value.errors] == ["token"]
