"""Acme Pay for Mercato: a third party's payment provider, installed the way any package is.

It is not part of Mercato: its distribution declares the entry point

    [mercato.payment_providers]
    acme_pay = mercato_acme_pay:provider

and Mercato finds it by that name (``MERCATO_PAYMENT_PROVIDERS=sandbox,acme_pay``). It uses
only Mercato's published port, ``domains.payments.ports``. Acme's answers depend on the
token (``TEST_TOKENS``) and every answer is kept under its idempotency key, as a real
provider keeps them, so a repeat never moves money twice.
"""

from __future__ import annotations

import hashlib
from typing import Any

from domains.payments.ports import AuthoriseRequest, ProviderResult, ProviderUnavailable

NAME = "acme_pay"
TEST_TOKENS = {
    "ok": "acme_tok_visa",
    "decline": "acme_tok_declined",
    "fraud": "acme_tok_stolen",
    "3ds": "acme_tok_challenge",
    "error": "acme_tok_outage",
}
DECLINED = {TEST_TOKENS["decline"]: "card_declined", TEST_TOKENS["fraud"]: "fraud"}


def _id(kind: str, key: str) -> str:
    return f"acme_{kind}_{hashlib.sha256(key.encode()).hexdigest()[:16]}"


class AcmePay:
    """Acme's API, simulated in memory: payments with what was captured and refunded of each."""

    def __init__(self) -> None:
        self.answers: dict[str, ProviderResult] = {}
        self.payments: dict[str, dict[str, Any]] = {}

    def _once(self, key: str, answer: ProviderResult) -> ProviderResult:
        return self.answers.setdefault(key, answer)

    async def authorise(self, request: AuthoriseRequest) -> ProviderResult:
        if request.idempotency_key in self.answers:
            return self.answers[request.idempotency_key]
        if request.token == TEST_TOKENS["error"]:
            raise ProviderUnavailable(NAME, "acme is having an outage; nothing was charged")
        reference = _id("pay", request.idempotency_key)
        if request.token in DECLINED:
            answer = ProviderResult(
                reference=reference, status="declined", decline_reason=DECLINED[request.token]
            )
            return self._once(request.idempotency_key, answer)
        self.payments[reference] = {"amount": request.amount.amount, "captured": 0, "refunded": 0}
        if request.token == TEST_TOKENS["3ds"]:
            url = f"https://challenge.acme-pay.example/{reference}"
            answer = ProviderResult(reference=reference, status="requires_action", action_url=url)
        elif request.capture:
            self.payments[reference]["captured"] = request.amount.amount
            answer = ProviderResult(reference=reference, status="captured")
        else:
            answer = ProviderResult(reference=reference, status="authorised")
        return self._once(request.idempotency_key, answer)

    async def confirm(self, reference: str, *, capture: bool, idempotency_key: str) -> ProviderResult:
        if capture and idempotency_key not in self.answers:
            self.payments[reference]["captured"] = self.payments[reference]["amount"]
        return self._once(
            idempotency_key,
            ProviderResult(reference=reference, status="captured" if capture else "authorised"),
        )

    async def capture(self, reference: str, amount: Any, *, idempotency_key: str) -> ProviderResult:
        if idempotency_key not in self.answers:
            self.payments[reference]["captured"] = amount.amount
        return self._once(idempotency_key, ProviderResult(reference=reference, status="captured"))

    async def void(self, reference: str, *, idempotency_key: str) -> ProviderResult:
        return self._once(idempotency_key, ProviderResult(reference=reference, status="voided"))

    async def refund(self, reference: str, amount: Any, *, idempotency_key: str) -> ProviderResult:
        if idempotency_key in self.answers:
            return self.answers[idempotency_key]
        payment = self.payments[reference]
        if payment["refunded"] + amount.amount > payment["captured"]:
            answer = ProviderResult(reference=reference, status="declined", decline_reason="exceeds_captured")
        else:
            payment["refunded"] += amount.amount
            answer = ProviderResult(reference=_id("re", idempotency_key), status="refunded")
        return self._once(idempotency_key, answer)


def provider(settings: Any) -> AcmePay:
    """The entry point's object: Mercato calls it with its settings."""
    return AcmePay()
