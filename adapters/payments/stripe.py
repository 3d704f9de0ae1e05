"""The ``stripe`` payment provider: PaymentIntents over httpx, and webhooks signed the way Stripe signs them.

``authorise`` creates and confirms a PaymentIntent in one call (``capture_method=manual``
for a hold, ``automatic`` to charge at once); 3-D Secure answers ``requires_action`` at
``next_action.redirect_to_url`` and ``confirm`` reads the intent once the shopper acted.
Every POST carries our idempotency key as Stripe's ``Idempotency-Key``, so a repeat gets
Stripe's first answer and never a second charge. Bodies are form-encoded as Stripe wants.
A card refusal (402) is a decline with Stripe's code (``fraud`` for its fraud decline
codes); 429, 5xx, timeouts and unreachable Stripe raise ``ProviderUnavailable``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import httpx
import msgspec

from adapters.payments.stripe_events import decline_reason, event_of
from domains.payments.ports import ProviderResult, ProviderUnavailable
from domains.payments.ports.webhooks import ProviderEvent, WebhookRejected

if TYPE_CHECKING:
    from core.money import Money
    from domains.payments.ports import AuthoriseRequest

NAME = "stripe"
API = "https://api.stripe.com"
API_VERSION = "2024-06-20"
TOLERANCE_SECONDS = 300
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
Form = dict[str, str]


def intent_result(intent: Mapping[str, Any]) -> ProviderResult:
    """Where a PaymentIntent stands, in the port's words."""
    if not intent.get("id"):
        raise ProviderUnavailable(NAME, "answered without a payment intent")
    reference, status = str(intent["id"]), intent.get("status")
    if status == "succeeded":
        return ProviderResult(reference=reference, status="captured")
    if status == "requires_capture":
        return ProviderResult(reference=reference, status="authorised")
    if status == "canceled":
        return ProviderResult(reference=reference, status="voided")
    if status == "requires_action":
        redirect = (intent.get("next_action") or {}).get("redirect_to_url") or {}
        return ProviderResult(reference=reference, status="requires_action", action_url=redirect.get("url"))
    if status == "requires_payment_method":  # the last attempt failed (a card refused, 3-D Secure failed)
        reason = decline_reason(intent.get("last_payment_error") or {"code": "payment_failed"})
        return ProviderResult(reference=reference, status="declined", decline_reason=reason)
    raise ProviderUnavailable(NAME, f"payment intent {reference} is {status}; ask again shortly")


def refused(error: Mapping[str, Any], reference: str = "") -> ProviderResult:
    """A 4xx answer: Stripe did not do it, and says why."""
    intent = error.get("payment_intent") or {}
    reason = decline_reason(error)
    if error.get("param") == "payment_method" and error.get("code") == "resource_missing":
        reason = "invalid_token"
    return ProviderResult(
        reference=str(intent.get("id") or reference), status="declined", decline_reason=reason
    )


def verify_signature(body: bytes, header: str | None, secret: str, *, now: float) -> None:
    """Check ``Stripe-Signature: t=<unix>,v1=<hex>[,v1=...]``: an HMAC-SHA256 of ``"<t>.<body>"`` with the
    endpoint's secret, made within ``TOLERANCE_SECONDS`` of ``now``; else ``WebhookRejected``."""
    if not header:
        raise WebhookRejected("no Stripe-Signature header")
    pairs = [part.strip().partition("=") for part in header.split(",")]
    stamps = [value for key, _, value in pairs if key == "t"]
    signatures = [value for key, _, value in pairs if key == "v1"]
    if len(stamps) != 1 or not stamps[0].isdigit() or not signatures:
        raise WebhookRejected("the Stripe-Signature header has no timestamp or no v1 signature")
    signed = stamps[0].encode() + b"." + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest().encode()
    if not any(hmac.compare_digest(expected, given.encode()) for given in signatures):
        raise WebhookRejected("no v1 signature matches the body")
    if abs(now - int(stamps[0])) > TOLERANCE_SECONDS:
        raise WebhookRejected(f"the signature's timestamp is more than {TOLERANCE_SECONDS} s away")


class StripePaymentProvider:
    """A ``PaymentProvider`` and ``WebhookReceiver`` over Stripe's API (``transport`` lets tests answer)."""

    def __init__(
        self,
        secret_key: str,
        webhook_secret: str,
        *,
        return_url: str | None = None,
        base_url: str = API,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._secret_key, self._webhook_secret = secret_key, webhook_secret
        self._return_url, self._base_url, self._transport = return_url, base_url, transport
        self._clock = clock
        self._client: httpx.AsyncClient | None = None

    async def authorise(self, request: AuthoriseRequest) -> ProviderResult:
        if not request.token:  # Stripe needs a PaymentMethod: nothing to ask it
            return ProviderResult(reference="", status="declined", decline_reason="invalid_token")
        form: Form = {
            "amount": str(request.amount.amount),
            "currency": request.amount.currency.lower(),
            "payment_method": request.token,
            "payment_method_types[]": "card",
            "confirm": "true",
            "capture_method": "automatic" if request.capture else "manual",
            "metadata[order_id]": str(request.order_id),
        }
        if self._return_url:
            form["return_url"] = self._return_url
        status, body = await self._call("POST", "/v1/payment_intents", form, key=request.idempotency_key)
        if status >= 400:
            return refused(body.get("error") or {})
        if body.get("status") == "processing":  # a replay may show an old state: read the current one
            return await self._read(str(body.get("id")))
        return intent_result(body)

    async def confirm(self, reference: str, *, capture: bool, idempotency_key: str) -> ProviderResult:
        status, body = await self._call("GET", f"/v1/payment_intents/{reference}")
        if status < 400 and body.get("status") == "requires_confirmation":
            form = {"return_url": self._return_url} if self._return_url else {}
            path = f"/v1/payment_intents/{reference}/confirm"
            status, body = await self._call("POST", path, form, key=idempotency_key)
        return refused(body.get("error") or {}, reference) if status >= 400 else intent_result(body)

    async def capture(self, reference: str, amount: Money, *, idempotency_key: str) -> ProviderResult:
        form = {"amount_to_capture": str(amount.amount)}
        path = f"/v1/payment_intents/{reference}/capture"
        status, body = await self._call("POST", path, form, key=idempotency_key)
        return refused(body.get("error") or {}, reference) if status >= 400 else intent_result(body)

    async def void(self, reference: str, *, idempotency_key: str) -> ProviderResult:
        path = f"/v1/payment_intents/{reference}/cancel"
        status, body = await self._call("POST", path, {}, key=idempotency_key)
        return refused(body.get("error") or {}, reference) if status >= 400 else intent_result(body)

    async def refund(self, reference: str, amount: Money, *, idempotency_key: str) -> ProviderResult:
        form = {"payment_intent": reference, "amount": str(amount.amount)}
        status, body = await self._call("POST", "/v1/refunds", form, key=idempotency_key)
        if status >= 400:
            return refused(body.get("error") or {}, reference)
        if body.get("status") in ("succeeded", "pending"):
            return ProviderResult(reference=str(body.get("id") or reference), status="refunded")
        reason = str(body.get("failure_reason") or body.get("status") or "refund_failed")
        return ProviderResult(
            reference=str(body.get("id") or reference), status="declined", decline_reason=reason
        )

    async def receive_webhook(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        verify_signature(body, headers.get("stripe-signature"), self._webhook_secret, now=self._clock())
        try:
            event = msgspec.json.decode(body)
        except msgspec.DecodeError:
            raise WebhookRejected("the body is not JSON") from None
        return event_of(event)

    async def _read(self, reference: str) -> ProviderResult:
        status, body = await self._call("GET", f"/v1/payment_intents/{reference}")
        return refused(body.get("error") or {}, reference) if status >= 400 else intent_result(body)

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                base_url=self._base_url,
                transport=self._transport,
                timeout=TIMEOUT,
                headers={"Authorization": f"Bearer {self._secret_key}", "Stripe-Version": API_VERSION},
            )
        return self._client

    async def _call(
        self, method: str, path: str, form: Form | None = None, *, key: str | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Stripe's status and JSON answer; ``ProviderUnavailable`` when Stripe is down, slow or refuses our key."""
        headers = {"Idempotency-Key": key} if key else {}
        try:
            response = await self._http().request(method, path, data=form, headers=headers)
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(NAME, f"{type(exc).__name__} on {method} {path}") from exc
        code = response.status_code
        if code == 429 or code >= 500:
            raise ProviderUnavailable(
                NAME, f"answered {code} to {method} {path}", retry_after=_retry_after(response)
            )
        if code in (401, 403):
            raise ProviderUnavailable(NAME, f"refused our key ({code}): check MERCATO_STRIPE_SECRET_KEY")
        if code == 409:  # the same idempotency key is still being answered
            raise ProviderUnavailable(NAME, "is still answering this idempotency key", retry_after=1)
        try:
            body = response.json()
        except ValueError:
            raise ProviderUnavailable(NAME, f"answered {code} without JSON to {method} {path}") from None
        return code, body if isinstance(body, dict) else {}

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()


def _retry_after(response: httpx.Response) -> int | None:
    value = response.headers.get("retry-after", "")
    return int(value) if value.isdigit() else None
