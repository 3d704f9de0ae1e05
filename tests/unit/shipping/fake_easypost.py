"""A fake EasyPost v2 API on ``httpx.MockTransport``, answering from the recorded replies in
tests/fixtures/shipping: shipments with rates, buying a rate, trackers; and signed webhooks.

It checks Basic auth with ``API_KEY``, records every request, and quotes rates in the
currency asked (``options.currency``). With ``bands`` (most ounces, price) it charges by
them, and has no rate past the last: ``CONTRACT_BANDS`` are the shipping contract suite's
fixture method (2, 10 and 30 kg) in the tenths of an ounce EasyPost weighs in.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import secrets
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "shipping"
API_KEY = "EZTK5a1f2b3c4d5e6f7a8b9c0d1e2f3a4b"
WEBHOOK_SECRET = "s3cret-Ω-webhook"
FROM_ADDRESS = "adr_9b7dc4824e3f11edba96ac1f6bc7b362"
CONTRACT_BANDS = [(Decimal("70.6"), "4.90"), (Decimal("352.8"), "9.90"), (Decimal("1058.3"), "19.90")]


def fixture(name: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((FIXTURES / f"easypost_{name}.json").read_text())
    return found


def sign(body: bytes, secret: str = WEBHOOK_SECRET) -> str:
    key = unicodedata.normalize("NFKD", secret).encode()
    return "hmac-sha256-hex=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def reply(status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, json=body)


class FakeEasyPost:
    def __init__(self, *, bands: list[tuple[Decimal, str]] | None = None, failing: bool = False) -> None:
        self.bands, self.failing = bands, failing
        self.requests: list[httpx.Request] = []
        self.shipments: dict[str, dict[str, Any]] = {}
        self.trackers: dict[str, dict[str, Any]] = {}
        self.transport = httpx.MockTransport(self.handle)

    def bodies(self, method: str, path: str) -> list[Any]:
        """The JSON bodies of the requests made to ``method path`` (path from /v2 on)."""
        return [
            json.loads(r.content) if r.content else None
            for r in self.requests
            if r.method == method and r.url.path == f"/v2{path}"
        ]

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.failing:
            return httpx.Response(502, text="<html>Bad gateway</html>")
        expected = "Basic " + base64.b64encode(f"{API_KEY}:".encode()).decode()
        if request.headers.get("authorization") != expected:
            return reply(401, fixture("error_unauthorized"))
        parts = request.url.path.removeprefix("/v2/").split("/")
        body = json.loads(request.content) if request.content else {}
        if request.method == "POST" and parts == ["shipments"]:
            return self._create(body["shipment"])
        if parts[0] == "shipments" and parts[1] in self.shipments:
            if request.method == "GET" and len(parts) == 2:
                return reply(200, self.shipments[parts[1]])
            if request.method == "POST" and parts[2:] == ["buy"]:
                return self._buy(self.shipments[parts[1]], body["rate"]["id"])
        if request.method == "GET" and parts[0] == "trackers" and parts[1] in self.trackers:
            return reply(200, self.trackers[parts[1]])
        return reply(
            404, {"error": {"code": "NOT_FOUND", "message": "The requested resource could not be found."}}
        )

    def _create(self, asked: dict[str, Any]) -> httpx.Response:
        to = asked["to_address"]
        if to.get("zip") == "00000":
            return reply(422, fixture("error_address"))
        shipment = fixture("shipment_create")
        shipment_id = f"shp_{secrets.token_hex(16)}"
        currency = asked.get("options", {}).get("currency", "USD")
        shipment.update(id=shipment_id, reference=asked.get("reference"))
        shipment["options"]["currency"] = currency
        shipment["to_address"].update(
            {
                key: to.get(key)
                for key in ("name", "street1", "street2", "city", "state", "zip", "country", "phone")
            }
        )
        shipment["parcel"]["weight"] = asked["parcel"]["weight"]
        ounces = Decimal(str(asked["parcel"]["weight"]))
        shipment["rates"] = self._rates(shipment["rates"], ounces, currency, shipment_id)
        self.shipments[shipment_id] = shipment
        return reply(200, shipment)

    def _rates(
        self, recorded: list[dict[str, Any]], ounces: Decimal, currency: str, shipment_id: str
    ) -> list[dict[str, Any]]:
        if self.bands is None:
            return [dict(rate, currency=currency, shipment_id=shipment_id) for rate in recorded]
        price = next((p for most, p in self.bands if ounces <= most), None)
        if price is None:
            return []
        cheapest = dict(recorded[1], rate=price, currency=currency, shipment_id=shipment_id)
        dearer = dict(recorded[3], rate=str(Decimal(price) + 5), currency=currency, shipment_id=shipment_id)
        return [dearer, cheapest]

    def _buy(self, shipment: dict[str, Any], rate_id: str) -> httpx.Response:
        if shipment["postage_label"] is not None:
            return reply(422, fixture("error_postage_exists"))
        rate = next((r for r in shipment["rates"] if r["id"] == rate_id), None)
        if rate is None:
            return reply(422, {"error": {"code": "SHIPMENT.RATE.INVALID", "message": "Rate not found."}})
        bought = fixture("shipment_bought")
        code = "94001" + "".join(secrets.choice("0123456789") for _ in range(17))
        tracker = dict(
            bought["tracker"],
            id=f"trk_{secrets.token_hex(16)}",
            tracking_code=code,
            shipment_id=shipment["id"],
        )
        label = dict(bought["postage_label"], id=f"pl_{secrets.token_hex(16)}")
        shipment.update(postage_label=label, tracking_code=code, selected_rate=rate, tracker=tracker)
        self.trackers[tracker["id"]] = copy.deepcopy(tracker)
        return reply(200, shipment)

    def tracker_of(self, tracking_code: str) -> dict[str, Any]:
        return next(t for t in self.trackers.values() if t["tracking_code"] == tracking_code)

    def advance(self, tracking_code: str, recorded: str) -> dict[str, Any]:
        """The parcel's tracker becomes the recorded one (``tracker_in_transit``, ``tracker_delivered``)."""
        current = self.tracker_of(tracking_code)
        tracker = dict(fixture(recorded), id=current["id"], tracking_code=tracking_code)
        self.trackers[current["id"]] = tracker
        return tracker

    def webhook(
        self, tracking_code: str, recorded: str = "tracker_delivered", event_id: str | None = None
    ) -> tuple[dict[str, str], bytes]:
        """A signed ``tracker.updated`` Event reporting ``recorded`` for the parcel: headers and raw body."""
        event = fixture("event_tracker_updated")
        event["id"] = event_id or f"evt_{secrets.token_hex(16)}"
        event["result"] = self.advance(tracking_code, recorded)
        body = json.dumps(event).encode()
        return {"Content-Type": "application/json", "X-Hmac-Signature": sign(body)}, body
