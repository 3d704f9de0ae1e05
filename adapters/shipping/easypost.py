"""The ``easypost`` carrier: live rates, labels and tracking across UPS, FedEx, DHL, USPS and the
other carriers of an EasyPost account, over its v2 REST API (httpx, Basic auth with the API key).

A method names a service (``UPS:Ground``) or takes the cheapest rate. Rates and labels
are asked from the shop's ship-from address, an EasyPost Address id (``adr_...``). A
label is bought in two steps: a Shipment is created (its id kept by the shipping
domain), then one of its rates bought; buying a bought one returns its label. Webhooks
are signed with HMAC-SHA256 of the raw body under the webhook secret (NFKD-normalised),
sent as ``X-Hmac-Signature: hmac-sha256-hex=<hex>`` and compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx
import msgspec
import structlog

from adapters.shipping import easypost_wire as wire
from core.errors import DomainError, FieldError, Invalid, Unavailable
from domains.shipping.ports import WebhookDelivery

if TYPE_CHECKING:
    from core.money import Money
    from domains.shipping.messages import Method, Parcel
    from domains.shipping.model import Label
    from domains.shipping.ports import LabelRequest, TrackedParcel, TrackingUpdate

API = "https://api.easypost.com/v2"
SIGNATURE = "x-hmac-signature"
log = structlog.get_logger("mercato.shipping.easypost")


class Refused(Exception):
    """EasyPost answered 4xx: the request itself was refused."""

    def __init__(self, message: str, fields: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.message, self.fields = message, fields


class EasyPostCarrier:
    tracks_itself = True

    def __init__(
        self,
        api_key: str | None,
        webhook_secret: str | None = None,
        from_address_id: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        base_url: str = API,
        timeout: float = 10.0,
    ) -> None:
        self._key, self._secret, self._from = api_key, webhook_secret, from_address_id
        self._transport, self._base, self._timeout = transport, base_url.rstrip("/"), timeout

    async def rate(self, method: Method, parcel: Parcel) -> Money | None:
        to = {
            key: value for key, value in (("country", parcel.country), ("zip", parcel.postal_code)) if value
        }
        body = wire.shipment_body(to, self._origin(), parcel.weight_grams, method.currency, None)
        try:
            shipment = await self._call("POST", "/shipments", body)
        except Refused as exc:
            log.info("easypost cannot rate this parcel", reason=exc.message)
            return None
        chosen = wire.chosen_rate(shipment.get("rates") or [], method.service, method.currency)
        return wire.price(chosen) if chosen is not None else None

    async def prepare_label(self, request: LabelRequest) -> str | None:
        to = wire.address(request.destination)
        body = wire.shipment_body(
            to, self._origin(), request.weight_grams, request.currency, str(request.shipment_id)
        )
        shipment = await self._label_call("POST", "/shipments", body)
        return str(shipment["id"])

    async def buy_label(self, request: LabelRequest, reference: str | None) -> Label:
        reference = reference or await self.prepare_label(request)
        shipment = await self._label_call("GET", f"/shipments/{reference}")
        bought = wire.label_of(shipment)
        if bought is not None:
            return bought
        chosen = wire.chosen_rate(shipment.get("rates") or [], request.service, request.currency)
        if chosen is None:
            why = f"EasyPost has no {request.service or 'rate'} in {request.currency} for this parcel"
            raise Invalid(why, errors=[FieldError("service", why)])
        shipment = await self._label_call(
            "POST", f"/shipments/{reference}/buy", {"rate": {"id": chosen["id"]}}
        )
        label = wire.label_of(shipment)
        if label is None:
            raise Unavailable("EasyPost bought the label but did not return it; try again")
        return label

    async def track(self, parcel: TrackedParcel) -> list[TrackingUpdate]:
        if parcel.tracker is None:
            return []
        try:
            return wire.updates_of(await self._call("GET", f"/trackers/{parcel.tracker}"))
        except Refused as exc:
            log.warning("easypost refused a tracker lookup", tracker=parcel.tracker, reason=exc.message)
            return []

    def read_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookDelivery:
        self._verify(headers.get(SIGNATURE, ""), body)
        try:
            event = msgspec.json.decode(body)
        except msgspec.DecodeError:
            raise _unreadable("the webhook body is not JSON") from None
        if not isinstance(event, dict) or not isinstance(event.get("result"), dict):
            raise _unreadable("the webhook body is not an EasyPost Event")
        event_id = str(event["id"]) if event.get("id") else None
        if not str(event.get("description", "")).startswith("tracker."):
            return WebhookDelivery(event_id=event_id)
        return WebhookDelivery(event_id=event_id, updates=wire.updates_of(event["result"]))

    def _verify(self, given: str, body: bytes) -> None:
        if not self._secret:
            raise _bad_signature("no EasyPost webhook secret is configured: MERCATO_EASYPOST_WEBHOOK_SECRET")
        key = unicodedata.normalize("NFKD", self._secret).encode()
        expected = "hmac-sha256-hex=" + hmac.new(key, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected.encode(), given.strip().encode()):
            raise _bad_signature("the webhook's X-Hmac-Signature does not match its body")

    def _origin(self) -> str:
        if not self._from:
            raise Unavailable("EasyPost needs the ship-from address: set MERCATO_EASYPOST_FROM_ADDRESS_ID")
        return self._from

    async def _label_call(self, verb: str, path: str, body: Any = None) -> Any:
        try:
            return await self._call(verb, path, body)
        except Refused as exc:
            fields = [
                FieldError(f"carrier.{field}" if field else "carrier", text) for field, text in exc.fields
            ]
            raise Invalid(f"EasyPost refused the shipment: {exc.message}", errors=fields) from None

    async def _call(self, verb: str, path: str, body: Any = None) -> Any:
        if not self._key:
            raise Unavailable("EasyPost is not configured: set MERCATO_EASYPOST_API_KEY")
        try:
            async with httpx.AsyncClient(
                auth=httpx.BasicAuth(self._key, ""), transport=self._transport, timeout=self._timeout
            ) as client:
                reply = await client.request(verb, self._base + path, json=body)
        except httpx.HTTPError as exc:
            raise Unavailable(f"EasyPost did not answer: {type(exc).__name__}") from None
        if reply.status_code >= 500 or reply.status_code in (401, 403, 429):
            raise Unavailable(f"EasyPost answered {reply.status_code}", retry_after=5)
        try:
            found = reply.json()
        except ValueError:
            raise Unavailable("EasyPost answered something that is not JSON") from None
        if reply.status_code >= 400:
            raise Refused(*wire.error_of(found))
        return found


def _bad_signature(detail: str) -> DomainError:
    return DomainError(detail, errors=[FieldError("X-Hmac-Signature", detail)])


def _unreadable(detail: str) -> DomainError:
    return DomainError(detail, errors=[FieldError("body", detail)])
