"""Customers' PostgreSQL stores: profiles, address books, segments and members, order facts."""

from __future__ import annotations

from domains.customers.repository.addresses import PgAddresses
from domains.customers.repository.orders import PgOrderFacts
from domains.customers.repository.profiles import PgProfiles
from domains.customers.repository.segments import PgSegments

__all__ = ["PgAddresses", "PgOrderFacts", "PgProfiles", "PgSegments"]
