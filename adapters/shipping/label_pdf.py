"""A printable 4x6 inch shipping label as a PDF (reportlab): sender, recipient, a Code 128 barcode
of the tracking number and the parcel's contents.

Text is drawn in Helvetica, which covers Western European scripts; a character outside
Windows-1252 is printed as "?".
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.graphics.barcode import code128
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas

if TYPE_CHECKING:
    from domains.shipping.ports import LabelRequest

WIDTH, HEIGHT = 4 * inch, 6 * inch
MARGIN = 0.2 * inch
MAX_LINES = 6


def printable(text: str) -> str:
    """``text`` as Helvetica can print it: Windows-1252, anything else as "?"."""
    return text.encode("cp1252", errors="replace").decode("cp1252")


def recipient_lines(request: LabelRequest) -> list[str]:
    d = request.destination
    place = " ".join(part for part in (d.postal_code, d.city) if part)
    lines = [d.name, d.line1, d.line2, place, d.region, d.country, d.phone]
    return [printable(line) for line in lines if line]


def render(request: LabelRequest, tracking_number: str, carrier_name: str) -> bytes:
    """The label of ``request`` under ``tracking_number``, as PDF bytes."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(WIDTH, HEIGHT), pageCompression=0, invariant=1)
    pdf.setTitle(f"Shipping label {tracking_number}")
    pdf.setAuthor("Mercato")
    y = HEIGHT - MARGIN - 12
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(MARGIN, y, printable(request.method_name or request.service or "Parcel"))
    pdf.setFont("Helvetica", 7)
    pdf.drawRightString(WIDTH - MARGIN, y, printable(carrier_name))
    pdf.setFont("Helvetica", 8)
    origin = ", ".join(p for p in (request.origin_name, request.warehouse, request.origin_country) if p)
    pdf.drawString(MARGIN, y - 14, printable(f"FROM: {origin}"))
    pdf.line(MARGIN, y - 22, WIDTH - MARGIN, y - 22)
    y -= 40
    pdf.setFont("Helvetica-Bold", 9)
    pdf.drawString(MARGIN, y, "SHIP TO:")
    for line in recipient_lines(request):
        y -= 16
        _fitted(pdf, MARGIN + 10, y, line, WIDTH - 2 * MARGIN - 10)
    y -= 20
    pdf.line(MARGIN, y, WIDTH - MARGIN, y)
    barcode = code128.Code128(tracking_number, barHeight=0.8 * inch, barWidth=1.1)
    y -= 0.8 * inch + 10
    barcode.drawOn(pdf, (WIDTH - barcode.width) / 2, y)
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawCentredString(WIDTH / 2, y - 16, tracking_number)
    _contents(pdf, request, y - 40)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _fitted(pdf: canvas.Canvas, x: float, y: float, text: str, room: float) -> None:
    """Draw a recipient line as large as fits ``room`` (13 pt down to 8 pt), cut short past that."""
    size = 13.0
    while size > 8 and pdf.stringWidth(text, "Helvetica-Bold", size) > room:
        size -= 0.5
    while len(text) > 1 and pdf.stringWidth(text, "Helvetica-Bold", size) > room:
        text = text[:-2] + "-"
    pdf.setFont("Helvetica-Bold", size)
    pdf.drawString(x, y, text)


def _contents(pdf: canvas.Canvas, request: LabelRequest, y: float) -> None:
    pdf.setFont("Helvetica", 8)
    order = f"Order {request.order_number}" if request.order_number else "Order"
    pdf.drawString(MARGIN, y, printable(f"{order} - {request.weight_grams} g"))
    pdf.setFont("Helvetica", 6)
    y -= 9
    pdf.drawString(MARGIN, y, f"Shipment {request.shipment_id}")
    pdf.setFont("Helvetica", 8)
    for line in request.lines[:MAX_LINES]:
        y -= 11
        pdf.drawString(MARGIN, y, printable(f"{line.quantity} x {line.sku}"))
    if len(request.lines) > MAX_LINES:
        pdf.drawString(MARGIN, y - 11, f"... and {len(request.lines) - MAX_LINES} more lines")
