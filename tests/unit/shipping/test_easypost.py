"""The EasyPost carrier at its boundary: the requests it builds, the replies it reads (recorded in
tests/fixtures/shipping), the webhook signatures it checks, and how it fails."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import httpx
import pytest

from adapters.shipping.easypost import EasyPostCarrier
from adapters.shipping.easypost_wire import GRAMS_PER_OUNCE, ounces
from core.errors import DomainError, Invalid, Unavailable
from core.money import Money
from domains.shipping.messages import Destination, Method, Parcel, ShipmentLine, ShippingRate
from domains.shipping.ports import LabelRequest, TrackedParcel
from tests.unit.shipping.fake_easypost import (
    API_KEY,
    FROM_ADDRESS,
    WEBHOOK_SECRET,
    FakeEasyPost,
    fixture,
    sign,
)


def carrier(api: FakeEasyPost, **changes: object) -> EasyPostCarrier:
    settings: dict[str, object] = {
        "api_key": API_KEY,
        "webhook_secret": WEBHOOK_SECRET,
        "from_address_id": FROM_ADDRESS,
        **changes,
    }
    return EasyPostCarrier(**settings, transport=api.transport)  # type: ignore[arg-type]


def method(service: str | None = None, currency: str = "USD") -> Method:
    return Method(
        id=uuid4(), zone_id=uuid4(), name="Express", carrier="easypost", currency=currency, service=service,
        rates=[ShippingRate(max_weight_grams=1, price=0)], free_over=None,
    )  # fmt: skip


def request(zip_code: str = "90277") -> LabelRequest:
    destination = Destination(
        name="Ada Buyer", line1="179 N Harbor Dr", city="Redondo Beach", region="CA", postal_code=zip_code,
        country="US", phone="8573875756",
    )  # fmt: skip
    return LabelRequest(
        shipment_id=uuid4(), order_number="M-000042", carrier="easypost", service=None, method_name="Standard", currency="USD",
        warehouse="SF", origin_name="San Francisco", origin_country="US", destination=destination,
        weight_grams=500, lines=[ShipmentLine(sku="SKU-A", quantity=1)],
    )  # fmt: skip


PARCEL = Parcel(country="US", postal_code="90277", weight_grams=500)


async def test_rates_are_asked_from_the_ship_from_address_with_basic_auth_and_the_weight_in_ounces() -> None:
    api = FakeEasyPost()

    price = await carrier(api).rate(method(), PARCEL)

    sent = api.requests[0]
    assert (sent.method, str(sent.url)) == ("POST", "https://api.easypost.com/v2/shipments")
    assert sent.headers["authorization"] == "Basic " + base64.b64encode(f"{API_KEY}:".encode()).decode()
    assert json.loads(sent.content) == {
        "shipment": {
            "to_address": {"country": "US", "zip": "90277"},
            "from_address": {"id": FROM_ADDRESS},
            "parcel": {"weight": 17.7},
            "options": {"currency": "USD", "label_format": "PDF"},
        }
    }
    assert price == Money(amount=695, currency="USD")  # the cheapest: USPS GroundAdvantage


@pytest.mark.parametrize(
    ("service", "amount"),
    [
        ("UPS:Ground", 1148),
        ("FedEx:FEDEX_2_DAY", 2735),
        ("DHLExpress:DomesticExpress", 4166),
        ("Priority", 1007),
        ("UPS:Freight", None),
    ],
)
async def test_a_method_naming_a_service_is_priced_at_that_services_rate(
    service: str, amount: int | None
) -> None:
    price = await carrier(FakeEasyPost()).rate(method(service), PARCEL)

    assert (price.amount if price else None) == amount


async def test_rates_in_a_currency_other_than_the_methods_are_not_offered() -> None:
    recorded = httpx.MockTransport(lambda request: httpx.Response(200, json=fixture("shipment_create")))
    adapter = EasyPostCarrier(API_KEY, WEBHOOK_SECRET, FROM_ADDRESS, transport=recorded)

    assert await adapter.rate(method(currency="EUR"), PARCEL) is None


async def test_a_label_is_bought_in_two_steps_and_buying_again_buys_no_second_one() -> None:
    api, wanted = FakeEasyPost(), request()
    adapter = carrier(api)

    reference = await adapter.prepare_label(wanted)
    label = await adapter.buy_label(wanted, reference)
    again = await adapter.buy_label(wanted, reference)

    created = api.bodies("POST", "/shipments")[0]["shipment"]
    assert created["to_address"] == {
        "name": "Ada Buyer", "street1": "179 N Harbor Dr", "city": "Redondo Beach", "state": "CA",
        "zip": "90277", "country": "US", "phone": "8573875756",
    }  # fmt: skip
    assert created["reference"] == str(wanted.shipment_id)
    assert api.bodies("POST", f"/shipments/{reference}/buy") == [
        {"rate": {"id": "rate_f8cdad8cbf044c318a15a04c21b33dc6"}}
    ]
    assert reference is not None
    assert reference.startswith("shp_")
    assert label == again
    assert (label.reference, label.service, label.media_type) == (
        reference,
        "USPS:GroundAdvantage",
        "application/pdf",
    )
    assert label.tracking_number.startswith("94001")
    assert label.url is not None
    assert label.url.endswith(".pdf")
    assert label.tracker is not None
    assert label.tracker.startswith("trk_")


async def test_an_address_easypost_refuses_is_invalid_naming_what_it_refused() -> None:
    with pytest.raises(Invalid) as refused:
        await carrier(FakeEasyPost()).prepare_label(request(zip_code="00000"))

    assert "Unable to verify address" in refused.value.detail
    assert [e.field for e in refused.value.errors] == ["carrier.address"]


async def test_a_parcel_easypost_cannot_rate_is_not_offered() -> None:
    unknown = Parcel(country="US", postal_code="00000", weight_grams=500)

    assert await carrier(FakeEasyPost()).rate(method(), unknown) is None


def broken(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


@pytest.mark.parametrize(
    "adapter",
    [
        carrier(FakeEasyPost(failing=True)),
        EasyPostCarrier(API_KEY, WEBHOOK_SECRET, FROM_ADDRESS, transport=httpx.MockTransport(broken)),
        carrier(FakeEasyPost(), api_key="EZTKwrong"),
        carrier(FakeEasyPost(), api_key=None),
        carrier(FakeEasyPost(), from_address_id=None),
    ],
    ids=["502", "unreachable", "wrong key", "no key", "no ship-from address"],
)
async def test_easypost_down_or_not_configured_is_unavailable_for_rates_and_labels(adapter) -> None:
    with pytest.raises(Unavailable):
        await adapter.rate(method(), PARCEL)
    with pytest.raises(Unavailable):
        await adapter.buy_label(request(), None)


async def test_tracking_reads_the_trackers_details_mapped_to_the_shops_statuses() -> None:
    api, wanted = FakeEasyPost(), request()
    adapter = carrier(api)
    label = await adapter.buy_label(wanted, await adapter.prepare_label(wanted))
    api.advance(label.tracking_number, "tracker_in_transit")

    updates = await adapter.track(TrackedParcel(label.tracking_number, label.reference, label.tracker))

    assert api.requests[-1].url.path == f"/v2/trackers/{label.tracker}"
    assert [(u.status, u.description, u.at) for u in updates] == [
        ("pre_transit", "Pre-Shipment Info Sent to USPS", datetime(2026, 12, 1, 9, 20, tzinfo=UTC)),
        (
            "pre_transit",
            "Shipping Label Created - SAN FRANCISCO, CA",
            datetime(2026, 12, 1, 10, 55, tzinfo=UTC),
        ),
        (
            "in_transit",
            "Arrived at USPS Facility - SAN FRANCISCO, CA",
            datetime(2026, 12, 2, 3, 41, tzinfo=UTC),
        ),
        (
            "in_transit",
            "Departed USPS Regional Facility - LOS ANGELES, CA",
            datetime(2026, 12, 2, 18, 2, tzinfo=UTC),
        ),
    ]
    assert {u.tracking_number for u in updates} == {label.tracking_number}
    assert len({u.key for u in updates}) == 4


def test_the_recorded_webhook_event_reads_as_its_event_id_and_the_trackers_updates() -> None:
    body = json.dumps(fixture("event_tracker_updated")).encode()

    delivery = carrier(FakeEasyPost()).read_webhook({"x-hmac-signature": sign(body)}, body)

    assert delivery.event_id == "evt_80ebb94e4e3f11eda77a7d968ee85915"
    assert [u.status for u in delivery.updates] == [
        "pre_transit", "pre_transit", "in_transit", "in_transit", "out_for_delivery", "delivered",
    ]  # fmt: skip
    assert delivery.updates[-1].tracking_number == "9400100105440123456789"


def test_the_signature_is_hmac_sha256_of_the_raw_body_under_the_nfkd_normalised_secret() -> None:
    body = b'{"id": "evt_1", "description": "tracker.updated", "result": {"tracking_details": []}}'
    composed = "s3cret-\u00e9"  # é as one code point; NFKD makes it e + combining accent
    adapter = carrier(FakeEasyPost(), webhook_secret=composed)

    assert adapter.read_webhook({"x-hmac-signature": sign(body, "s3cret-e\u0301")}, body).event_id == "evt_1"


@pytest.mark.parametrize(
    ("headers", "secret"),
    [
        ({"x-hmac-signature": "hmac-sha256-hex=00"}, WEBHOOK_SECRET),
        ({}, WEBHOOK_SECRET),
        ({"x-hmac-signature": "TAMPERED"}, WEBHOOK_SECRET),
        ({"x-hmac-signature": "SIGNED"}, None),
    ],
    ids=["wrong", "missing", "tampered body", "no secret configured"],
)
def test_a_webhook_not_signed_with_the_secret_is_refused_with_a_400(headers, secret) -> None:
    body = json.dumps(fixture("event_tracker_updated")).encode()
    if headers.get("x-hmac-signature") == "TAMPERED":
        headers = {"x-hmac-signature": sign(body)}
        body = body.replace(b"delivered", b"failure")
    elif headers.get("x-hmac-signature") == "SIGNED":
        headers = {"x-hmac-signature": sign(body)}

    with pytest.raises(DomainError) as refused:
        carrier(FakeEasyPost(), webhook_secret=secret).read_webhook(headers, body)

    assert refused.value.status == 400
    assert [e.field for e in refused.value.errors] == ["X-Hmac-Signature"]


def test_an_event_other_than_a_trackers_is_accepted_with_nothing_to_track() -> None:
    body = json.dumps(
        {"id": "evt_2", "object": "Event", "description": "batch.updated", "result": {}}
    ).encode()

    delivery = carrier(FakeEasyPost()).read_webhook({"x-hmac-signature": sign(body)}, body)

    assert (delivery.event_id, delivery.updates) == ("evt_2", [])


@pytest.mark.parametrize("grams", [0, 1, 500, 2000, 2001, 30000])
def test_a_weight_goes_in_tenths_of_an_ounce_never_under_declared(grams: int) -> None:
    oz = Decimal(str(ounces(grams)))

    assert oz == oz.quantize(Decimal("0.1"))
    assert grams <= oz * GRAMS_PER_OUNCE < max(grams, 1) + Decimal("0.1") * GRAMS_PER_OUNCE
