"""The ``sandbox`` payment provider: no network, no money, the same answer every time.

The token decides (API.md): ``"ok"`` authorises (and captures when asked),
``"decline"`` declines (``card_declined``), ``"fraud"`` declines (``fraud``),
``"error"`` raises ``ProviderUnavailable`` and charges nothing, ``"3ds"`` requires
action at an ``action_url`` and ``confirm`` then authorises; any other token is
declined (``invalid_token``). Every reference is derived from the idempotency key,
so a repeated key answers the same payment: nothing is kept in memory that a
restart could lose, and nothing can be charged twice. ``latency_ms``
(``MERCATO_SANDBOX_LATENCY_MS``) makes every call take that long, like a real
provider's round trip, for benchmarks.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import TYPE_CHECKING

from domains.payments.ports import ProviderResult, ProviderUnavailable

if TYPE_CHECKING:
    from core.money import Money
    from domains.payments.ports import AuthoriseRequest

NAME = "sandbox"
ACTION_URL = "https://sandbox.mercato.invalid/3ds/{reference}"
DECLINES = {"decline": "card_declined", "fraud": "fraud"}


def reference_of(kind: str, idempotency_key: str) -> str:
    """The sandbox's id for what ``idempotency_key`` asked: the same key, the same id."""
    return f"sbx_{kind}_{hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]}"


class SandboxPaymentProvider:
    """A ``PaymentProvider`` for development, demos and tests."""

    latency = 0.0  # seconds per call

    def __init__(self, *, latency_ms: int = 0) -> None:
        self.latency = latency_ms / 1000

    async def _round_trip(self) -> None:
        if self.latency > 0:
            await asyncio.sleep(self.latency)

    async def authorise(self, request: AuthoriseRequest) -> ProviderResult:
        await self._round_trip()
        reference = reference_of("pay", request.idempotency_key)
        token = request.token
        if token == "error":
            raise ProviderUnavailable(NAME, 'told to fail by the token "error"; nothing was charged')
        if token in DECLINES:
            return ProviderResult(reference=reference, status="declined", decline_reason=DECLINES[token])
        if token == "3ds":
            return ProviderResult(
                reference=reference,
                status="requires_action",
                action_url=ACTION_URL.format(reference=reference),
            )
        if token == "ok":
            return ProviderResult(reference=reference, status="captured" if request.capture else "authorised")
        return ProviderResult(reference=reference, status="declined", decline_reason="invalid_token")

    async def confirm(self, reference: str, *, capture: bool, idempotency_key: str) -> ProviderResult:
        await self._round_trip()
        return ProviderResult(reference=reference, status="captured" if capture else "authorised")

    async def capture(self, reference: str, amount: Money, *, idempotency_key: str) -> ProviderResult:
        await self._round_trip()
        return ProviderResult(reference=reference, status="captured")

    async def void(self, reference: str, *, idempotency_key: str) -> ProviderResult:
        await self._round_trip()
        return ProviderResult(reference=reference, status="voided")

    async def refund(self, reference: str, amount: Money, *, idempotency_key: str) -> ProviderResult:
        await self._round_trip()
        return ProviderResult(reference=reference_of("re", idempotency_key), status="refunded")
