"""The PostgreSQL implementations of the orders stores."""

from __future__ import annotations

from domains.orders.repository.checkouts import PgCheckoutStore
from domains.orders.repository.orders import PgOrderRepository
from domains.orders.repository.returns import PgRefundLedger, PgReturnRepository

__all__ = ["PgCheckoutStore", "PgOrderRepository", "PgRefundLedger", "PgReturnRepository"]
