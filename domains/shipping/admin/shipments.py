"""Staff follow the shipments of paid orders: list them, buy their labels, print them, and record
tracking by hand for a carrier that reports none (``shipping:read`` / ``shipping:write``)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Redirect

from core.controllers import Bus, Cursor, Limit
from core.guards import principal_of, staff
from core.http import errors
from core.paging import DEFAULT_LIMIT
from domains.shipping import messages as m
from domains.shipping import schemas as s

READ, WRITE = [staff("shipping:read")], [staff("shipping:write")]
OrderFilter = Annotated[UUID | None, QueryParameter(description="only this order's shipments")]
StatusFilter = Annotated[m.ShipmentStatus | None, QueryParameter(description="only shipments in this status")]


def actor_of(request: Request[Any, Any, Any]) -> str:
    return f"staff:{principal_of(request).subject}"


class ShipmentAdminController(Controller):
    path = "/admin/shipments"
    tags = ["shipping: staff"]

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_shipments",
        summary="Shipments of paid orders, newest first; one per warehouse an order ships from",
        responses=errors(400, 401, 403, 422),
    )
    async def index(
        self,
        bus: Bus,
        order_id: OrderFilter = None,
        status: StatusFilter = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> s.ShipmentPage:
        return await bus.ask(m.ListShipments(order_id=order_id, status=status, limit=limit, cursor=cursor))

    @get(
        "/{shipment_id:uuid}",
        guards=READ,
        operation_id="admin_get_shipment",
        summary="One shipment with its lines, address, label and tracking",
        responses=errors(401, 403, 404),
    )
    async def show(self, bus: Bus, shipment_id: FromPath[UUID]) -> s.Shipment:
        return await bus.ask(m.GetShipment(shipment_id=shipment_id))

    @post(
        "/{shipment_id:uuid}/label",
        guards=WRITE,
        operation_id="admin_buy_shipment_label",
        summary="Buy the shipment's label from its carrier (table_rate prints one itself)",
        description="Once bought, a label is kept: asking again answers the shipment as it is. 409 for a "
        "shipment delivered or without an address, 422 when the carrier refuses the parcel, 503 when "
        "it cannot be reached (nothing bought).",
        status_code=200,
        responses=errors(401, 403, 404, 409, 422, 503),
    )
    async def buy_label(
        self, request: Request[Any, Any, Any], bus: Bus, shipment_id: FromPath[UUID]
    ) -> s.Shipment:
        return await bus.send(m.BuyLabel(shipment_id=shipment_id, actor=actor_of(request)))

    @get(
        "/{shipment_id:uuid}/label",
        guards=READ,
        operation_id="admin_get_shipment_label",
        summary="The shipment's label to print: the PDF, or a redirect to the carrier's copy",
        media_type="application/pdf",
        responses=errors(401, 403, 404),
    )
    async def label(self, bus: Bus, shipment_id: FromPath[UUID]) -> Response[Any]:
        document = await bus.ask(m.GetShipmentLabel(shipment_id=shipment_id))
        if document.content is None and document.url is not None:
            return Redirect(path=document.url, status_code=302, media_type="text/plain")
        disposition = f'inline; filename="label-{document.tracking_number}.pdf"'
        return Response(
            document.content or b"",
            media_type=document.media_type,
            headers={"Content-Disposition": disposition},
        )

    @post(
        "/{shipment_id:uuid}/tracking",
        guards=WRITE,
        operation_id="admin_record_shipment_tracking",
        summary="Record a tracking event by hand, for a carrier that reports none (table_rate)",
        description="The shipment follows it if it goes further (it never moves back); when every "
        "shipment of the order is delivered, the order is. 409 for a carrier that tracks its parcels.",
        status_code=200,
        responses=errors(400, 401, 403, 404, 409, 415, 422),
    )
    async def track(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        shipment_id: FromPath[UUID],
        data: JSONBody[s.TrackingRecord],
    ) -> s.Shipment:
        command = m.RecordTracking(
            shipment_id=shipment_id, status=data.status, description=data.description, actor=actor_of(request)
        )
        return await bus.send(command)
