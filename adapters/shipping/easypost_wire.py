"""EasyPost's wire format: the JSON we send (addresses, parcels in ounces, rates to buy) and what
we read back (rates, postage labels, trackers, webhook events, errors), from its v2 API.

Amounts come as decimal strings in major units ("10.07"); weights go in ounces;
tracker statuses are EasyPost's, mapped onto the shop's.
"""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from core.money import Money, to_minor
from domains.shipping.model import Label
from domains.shipping.ports import TrackingUpdate

if TYPE_CHECKING:
    from domains.shipping.messages import Destination, TrackingStatus

GRAMS_PER_OUNCE = Decimal("28.349523125")
STATUSES: dict[str, TrackingStatus] = {
    "pre_transit": "pre_transit",
    "in_transit": "in_transit",
    "out_for_delivery": "out_for_delivery",
    "available_for_pickup": "out_for_delivery",
    "delivered": "delivered",
    "failure": "failure",
    "return_to_sender": "failure",
    "cancelled": "failure",
    "error": "failure",
}  # "unknown" says nothing: left out


def ounces(grams: int) -> float:
    """A weight in ounces to one decimal, as EasyPost takes it: rounded up (never under-declared),
    at least 0.1 oz."""
    exact = Decimal(max(grams, 0)) / GRAMS_PER_OUNCE
    return max(0.1, math.ceil(exact * 10) / 10)


def address(destination: Destination) -> dict[str, Any]:
    d = destination
    found = {
        "name": d.name,
        "street1": d.line1,
        "street2": d.line2,
        "city": d.city,
        "state": d.region,
        "zip": d.postal_code,
        "country": d.country,
        "phone": d.phone,
    }
    return {key: value for key, value in found.items() if value}


def shipment_body(
    to_address: dict[str, Any], from_address_id: str, grams: int, currency: str, reference: str | None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "to_address": to_address,
        "from_address": {"id": from_address_id},
        "parcel": {"weight": ounces(grams)},
        "options": {"currency": currency, "label_format": "PDF"},
    }
    if reference is not None:
        body["reference"] = reference
    return {"shipment": body}


def chosen_rate(rates: list[dict[str, Any]], service: str | None, currency: str) -> dict[str, Any] | None:
    """The rate of ``service`` ("UPS:Ground", or a service name alone), else the cheapest, in ``currency``."""
    usable = [rate for rate in rates if rate.get("currency") == currency and _amount(rate) is not None]
    if service:
        wanted = service.split(":", 1)
        usable = [
            rate for rate in usable if [rate.get("carrier"), rate.get("service")][-len(wanted) :] == wanted
        ]
    return min(usable, key=lambda rate: _amount(rate) or 0, default=None)


def _amount(rate: dict[str, Any]) -> Decimal | None:
    try:
        value = Decimal(str(rate.get("rate")))
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


def price(rate: dict[str, Any]) -> Money:
    """A rate ``chosen_rate`` kept (priced, in the method's currency) as Money."""
    currency = str(rate["currency"])
    return Money(amount=to_minor(_amount(rate) or Decimal(0), currency), currency=currency)


def label_of(shipment: dict[str, Any]) -> Label | None:
    """The label a bought shipment carries; None when it is not bought yet."""
    postage = shipment.get("postage_label")
    code = shipment.get("tracking_code")
    if not postage or not code:
        return None
    selected = shipment.get("selected_rate") or {}
    service = ":".join(str(selected[k]) for k in ("carrier", "service") if selected.get(k)) or None
    return Label(
        tracking_number=str(code),
        reference=str(shipment["id"]),
        tracker=(shipment.get("tracker") or {}).get("id"),
        service=service,
        url=postage.get("label_pdf_url") or postage.get("label_url"),
        media_type=postage.get("label_file_type") or "application/pdf",
    )


def updates_of(tracker: dict[str, Any]) -> list[TrackingUpdate]:
    """What a Tracker reports: each of its tracking details, and its own status if no detail has it."""
    code, tracker_id = tracker.get("tracking_code"), tracker.get("id")
    updates = []
    for detail in tracker.get("tracking_details") or []:
        status = STATUSES.get(str(detail.get("status")))
        at = _time(detail.get("datetime"))
        if status is None or at is None:
            continue
        text = _described(detail)
        updates.append(TrackingUpdate(_key(status, at, text), status, text, at, code, tracker_id))
    status, at = STATUSES.get(str(tracker.get("status"))), _time(tracker.get("updated_at"))
    if status is not None and at is not None and status not in {update.status for update in updates}:
        updates.append(TrackingUpdate(_key(status, at, None), status, None, at, code, tracker_id))
    return updates


def _described(detail: dict[str, Any]) -> str | None:
    message = detail.get("message") or detail.get("description")
    where = detail.get("tracking_location") or {}
    place = ", ".join(str(where[k]) for k in ("city", "state", "country") if where.get(k))
    text = " - ".join(part for part in (message, place) if part)
    return text[:500] or None


def _key(status: str, at: datetime, text: str | None) -> str:
    return "easypost:" + hashlib.sha256(f"{status}|{at.isoformat()}|{text}".encode()).hexdigest()[:40]


def _time(value: Any) -> datetime | None:
    try:
        at = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def error_of(body: Any) -> tuple[str, list[tuple[str, str]]]:
    """An error reply's message and its (field, message) pairs."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return "EasyPost refused the request", []
    fields = [
        (str(item.get("field", "")), str(item.get("message", "")))
        for item in error.get("errors") or []
        if isinstance(item, dict)
    ]
    return str(error.get("message") or error.get("code") or "refused"), fields
