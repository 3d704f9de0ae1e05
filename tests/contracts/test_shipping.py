"""The contract of the shipping carrier port: every ShippingCarrier adapter must pass all of it.

Each adapter prices the fixture method below: bands up to 2 kg 4.90, up to 10 kg 9.90,
up to 30 kg 19.90 EUR, to any country. The ``table_rate`` adapter reads these bands from
the method itself; a third-party adapter adds a ``Subject`` to ``SUBJECTS`` that builds it
configured (or sandboxed, e.g. over ``httpx.MockTransport``) to charge the same, and
nothing else. A carrier that weighs coarser than a gram says so (``resolution_grams``):
within one step past a band's edge either band's price is right. ``free_over`` is the
shipping domain's rule, applied after the carrier: a carrier ignores it.

Labels: a label names its tracking number and is printable (a PDF) or downloadable (a
URL); with the reference ``prepare_label`` gave, buying again returns the same label.
Tracking: a carrier that tracks itself reports updates of known statuses, each under its
own key; its webhooks are verified (a bad signature is a 400), and a replay carries the
same event id. One that does not (``table_rate``) reports nothing and takes no webhooks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from config.settings import Settings
from core.errors import DomainError, NotFound
from domains.shipping.messages import Destination, Method, Parcel, ShipmentLine, ShippingRate, TrackingStatus
from domains.shipping.ports import LabelRequest, ShippingCarrier, TrackedParcel

# (tracking number, status) -> the headers and raw body of a webhook the carrier signed
Webhook = Callable[[str, str], tuple[dict[str, str], bytes]]


@dataclass
class Subject:
    """An adapter under test: how to build it, and (for one with webhooks) how its carrier signs one."""

    build: Callable[[], ShippingCarrier]
    resolution_grams: int = 1
    webhook: Callable[[ShippingCarrier], Webhook] | None = None


def fixture_method(carrier: str, currency: str = "EUR") -> Method:
    return Method(
        id=uuid4(),
        zone_id=uuid4(),
        name="Standard",
        carrier=carrier,
        rates=[
            ShippingRate(max_weight_grams=2000, price=490),
            ShippingRate(max_weight_grams=10000, price=990),
            ShippingRate(max_weight_grams=30000, price=1990),
        ],
        free_over=10000,
        currency=currency,
    )


def label_request(currency: str = "EUR") -> LabelRequest:
    destination = Destination(
        name="Ada Buyer", line1="Hauptstr. 1", city="Berlin", postal_code="10115", country="DE", phone=None
    )
    return LabelRequest(
        shipment_id=uuid4(), order_number="M-000001", carrier="any", service=None, method_name="Standard", currency=currency,
        warehouse="MAIN", origin_name="Main", origin_country="DE", destination=destination,
        weight_grams=1500, lines=[ShipmentLine(sku="SKU-1", quantity=2)],
    )  # fmt: skip


def table_rate() -> ShippingCarrier:
    from adapters.shipping import CARRIERS

    return CARRIERS.create("table_rate", Settings())


def easypost() -> ShippingCarrier:
    from adapters.shipping.easypost import EasyPostCarrier
    from tests.unit.shipping.fake_easypost import (
        API_KEY,
        CONTRACT_BANDS,
        FROM_ADDRESS,
        WEBHOOK_SECRET,
        FakeEasyPost,
    )

    api = FakeEasyPost(bands=CONTRACT_BANDS)
    carrier = EasyPostCarrier(API_KEY, WEBHOOK_SECRET, FROM_ADDRESS, transport=api.transport)
    carrier.fake = api  # type: ignore[attr-defined]
    return carrier


def easypost_webhook(carrier: ShippingCarrier) -> Webhook:
    api = carrier.fake  # type: ignore[attr-defined]
    recorded = {"delivered": "tracker_delivered", "in_transit": "tracker_in_transit"}
    return lambda tracking_number, status: api.webhook(tracking_number, recorded[status])


SUBJECTS: dict[str, Subject] = {
    "table_rate": Subject(table_rate),
    "easypost": Subject(easypost, resolution_grams=3, webhook=easypost_webhook),
}


@pytest.fixture(params=sorted(SUBJECTS))
def carrier(request: pytest.FixtureRequest) -> tuple[str, ShippingCarrier]:
    return request.param, SUBJECTS[request.param].build()


def parcel(weight: int, country: str = "DE", subtotal: int = 0) -> Parcel:
    return Parcel(country=country, postal_code=None, weight_grams=weight, subtotal=subtotal)


async def test_a_parcel_costs_its_weight_band_in_the_methods_currency(carrier) -> None:
    name, adapter = carrier
    step = SUBJECTS[name].resolution_grams
    method = fixture_method(name)

    prices = [
        await adapter.rate(method, parcel(w)) for w in (0, 2000, 2000 + step, 10000, 10000 + step, 30000)
    ]

    assert [(p.amount, p.currency) for p in prices if p] == [
        (490, "EUR"),
        (490, "EUR"),
        (990, "EUR"),
        (990, "EUR"),
        (1990, "EUR"),
        (1990, "EUR"),
    ]


async def test_a_parcel_heavier_than_every_band_cannot_go(carrier) -> None:
    name, adapter = carrier

    assert await adapter.rate(fixture_method(name), parcel(30000 + SUBJECTS[name].resolution_grams)) is None


async def test_free_over_is_left_to_the_shipping_domain(carrier) -> None:
    name, adapter = carrier

    price = await adapter.rate(fixture_method(name), parcel(500, subtotal=50000))

    assert price is not None
    assert price.amount == 490


async def test_a_method_in_another_currency_is_priced_in_it(carrier) -> None:
    name, adapter = carrier

    price = await adapter.rate(fixture_method(name, currency="USD"), parcel(500, country="US"))

    assert price is not None
    assert price.currency == "USD"


@settings(max_examples=60, deadline=None)
@given(
    weights=st.lists(st.integers(min_value=0, max_value=40000), min_size=2, max_size=10),
    country=st.sampled_from(["DE", "FR", "US", "JP"]),
)
async def test_a_heavier_parcel_never_costs_less_and_nothing_costs_below_zero(weights, country) -> None:
    for name, subject in SUBJECTS.items():
        adapter, method = subject.build(), fixture_method(name)
        priced = [(w, await adapter.rate(method, parcel(w, country))) for w in sorted(weights)]
        carried = [price.amount for _, price in priced if price is not None]
        edge = range(30001, 30000 + subject.resolution_grams)  # either answer is right there

        assert carried == sorted(carried)
        assert all(amount >= 0 for amount in carried)
        assert all((price is None) == (w > 30000) for w, price in priced if w not in edge)


async def test_a_label_names_its_tracking_number_and_can_be_printed(carrier) -> None:
    _, adapter = carrier
    wanted = label_request()

    label = await adapter.buy_label(wanted, await adapter.prepare_label(wanted))

    assert label.tracking_number
    if label.document is not None:
        assert label.document.startswith(b"%PDF")
        assert label.media_type == "application/pdf"
    else:
        assert label.url is not None
        assert label.url.startswith("https://")


async def test_buying_a_prepared_label_again_returns_the_same_label(carrier) -> None:
    _, adapter = carrier
    wanted = label_request()
    reference = await adapter.prepare_label(wanted)
    if reference is None:
        pytest.skip("nothing is readied: the shipping domain keeps the one label it bought")

    first, again = await adapter.buy_label(wanted, reference), await adapter.buy_label(wanted, reference)

    assert first.tracking_number == again.tracking_number


async def test_tracking_reports_known_statuses_each_under_its_own_key(carrier) -> None:
    name, adapter = carrier
    wanted = label_request()
    label = await adapter.buy_label(wanted, await adapter.prepare_label(wanted))
    hook = SUBJECTS[name].webhook
    if hook is not None:
        hook(adapter)(label.tracking_number, "in_transit")  # the carrier has moved the parcel on

    updates = await adapter.track(TrackedParcel(label.tracking_number, label.reference, label.tracker))

    assert {u.status for u in updates} <= set(get_args(TrackingStatus))
    assert len({u.key for u in updates}) == len(updates)
    assert all(u.at.tzinfo is not None for u in updates)
    assert (updates != []) == adapter.tracks_itself


async def test_a_signed_webhook_reports_the_parcel_and_a_forged_one_is_refused(carrier) -> None:
    name, adapter = carrier
    hook = SUBJECTS[name].webhook
    if hook is None:
        assert not adapter.tracks_itself
        with pytest.raises(NotFound):
            adapter.read_webhook({}, b"{}")
        return
    wanted = label_request()
    label = await adapter.buy_label(wanted, await adapter.prepare_label(wanted))
    headers, body = hook(adapter)(label.tracking_number, "delivered")
    lowered = {key.lower(): value for key, value in headers.items()}

    delivery, replay = adapter.read_webhook(lowered, body), adapter.read_webhook(lowered, body)

    assert delivery.event_id is not None
    assert delivery.event_id == replay.event_id
    assert "delivered" in {u.status for u in delivery.updates if u.tracking_number == label.tracking_number}
    with pytest.raises(DomainError) as forged:
        adapter.read_webhook(lowered, body.replace(b"delivered", b"failure"))
    assert forged.value.status == 400
