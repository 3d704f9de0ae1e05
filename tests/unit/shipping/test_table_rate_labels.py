"""The table_rate carrier prints its own labels: a one-page 4x6 inch PDF naming the recipient, the
sender and an S10 tracking number (with its barcode), under a fresh number each time."""

from __future__ import annotations

import io
import re
from uuid import uuid4

import pytest
from pypdf import PdfReader

from adapters.shipping.table_rate import TableRateCarrier, s10_check_digit, tracking_number
from domains.shipping.messages import Destination, ShipmentLine
from domains.shipping.ports import LabelRequest


def request(**destination: str | None) -> LabelRequest:
    address = {
        "name": "Ada Buyer",
        "line1": "Hauptstraße 1",
        "line2": "Hinterhaus",
        "city": "Berlin",
        "postal_code": "10115",
        "country": "DE",
        "phone": "+49 30 1234567",
        **destination,
    }
    return LabelRequest(
        shipment_id=uuid4(), order_number="M-000042", carrier="table_rate", service=None, method_name="Standard", currency="EUR",
        warehouse="MAIN", origin_name="Main warehouse", origin_country="AT",
        destination=Destination(**address),  # type: ignore[arg-type]
        weight_grams=1500, lines=[ShipmentLine(sku="MUG-RED", quantity=2), ShipmentLine(sku="TEE-M", quantity=1)],
    )  # fmt: skip


def text_of(document: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(document))
    return "\n".join(page.extract_text() for page in reader.pages), reader


async def test_the_label_is_a_printable_4x6_pdf_with_the_address_sender_contents_and_tracking_number() -> (
    None
):
    label = await TableRateCarrier().buy_label(request(), None)

    assert label.document is not None
    assert label.document.startswith(b"%PDF")
    text, reader = text_of(label.document)
    box = reader.pages[0].mediabox
    assert (len(reader.pages), round(float(box.width)), round(float(box.height))) == (1, 288, 432)
    for expected in (
        label.tracking_number, "Ada Buyer", "Hauptstraße 1", "Hinterhaus", "10115 Berlin", "DE",
        "Main warehouse, MAIN, AT", "M-000042", "2 x MUG-RED", "1 x TEE-M",
    ):  # fmt: skip
        assert expected in text
    assert label.media_type == "application/pdf"


async def test_each_label_gets_a_fresh_s10_tracking_number_from_the_sending_country() -> None:
    carrier = TableRateCarrier()

    numbers = {(await carrier.buy_label(request(), None)).tracking_number for _ in range(5)}

    assert len(numbers) == 5
    for number in numbers:
        assert re.fullmatch(r"CM\d{9}AT", number)
        assert int(number[10]) == s10_check_digit(number[2:10])


@pytest.mark.parametrize(
    ("serial", "digit"), [("47312482", 9), ("12345678", 5), ("00000000", 5), ("00000001", 4)]
)
def test_the_s10_check_digit_follows_the_upu_weights_as_in_rr473124829gb(serial: str, digit: int) -> None:
    assert s10_check_digit(serial) == digit


def test_a_tracking_number_ends_with_the_upper_cased_country() -> None:
    assert tracking_number("de").endswith("DE")


async def test_an_address_outside_the_labels_alphabet_is_printed_with_question_marks_not_refused() -> None:
    label = await TableRateCarrier().buy_label(request(name="山田太郎", city="東京", country="JP"), None)

    assert label.document is not None
    text, _ = text_of(label.document)
    assert "????" in text
    assert label.tracking_number in text
