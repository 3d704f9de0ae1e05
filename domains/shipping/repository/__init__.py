"""The PostgreSQL implementations of the shipping stores."""

from __future__ import annotations

from domains.shipping.repository.rates import PgMethods, PgZones
from domains.shipping.repository.shipments import PgShipments
from domains.shipping.repository.tracking import PgDeliveryReports, PgTrackingLog

__all__ = ["PgDeliveryReports", "PgMethods", "PgShipments", "PgTrackingLog", "PgZones"]
