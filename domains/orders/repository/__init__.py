"""The PostgreSQL implementations of the orders stores."""

from __future__ import annotations

from domains.orders.repository.checkouts import PgCheckoutStore
from domains.orders.repository.orders import PgOrderRepository

__all__ = ["PgCheckoutStore", "PgOrderRepository"]
