"""Customers' contract for personal data (export, erasure), order facts and the facts pricing reads."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query
from core.money import Money
from domains.customers.messages.addresses import Address
from domains.customers.messages.profiles import Profile


class OrderFact(msgspec.Struct, frozen=True, kw_only=True):
    order_id: UUID
    total: Money
    placed_at: datetime
    cancelled: bool


class AccountData(msgspec.Struct, frozen=True, kw_only=True):
    """The sign-in account as identity holds it."""

    email: str
    created_at: datetime
    blocked: bool
    totp_enabled: bool


class SessionData(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    user_agent: str | None


class PersonalData(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the shop holds about one customer (GDPR art. 15 / 20)."""

    account: AccountData | None
    sessions: list[SessionData]
    profile: Profile
    addresses: list[Address]
    tags: list[str]
    segments: list[str]
    orders: list[OrderFact]
    order_count: int
    total_spent: list[Money]


class CustomerFacts(msgspec.Struct, frozen=True, kw_only=True):
    customer_id: UUID
    segment_ids: list[UUID]
    order_count: int
    country: str | None  # of the default shipping address


class EraseCustomer(Command[None], frozen=True, kw_only=True, tag="customers.EraseCustomer"):
    """Erase the customer's personal data; identity anonymises the account on ``CustomerErased``."""

    key_field = "customer_id"
    customer_id: UUID


class RecordOrderPlaced(Command[None], frozen=True, kw_only=True, tag="customers.RecordOrderPlaced"):
    """Count an order once (keyed by its id) in the customer's order count and spend."""

    key_field = "customer_id"
    customer_id: UUID
    order_id: UUID
    total: Money
    placed_at: datetime


class RecordOrderCancelled(Command[None], frozen=True, kw_only=True, tag="customers.RecordOrderCancelled"):
    """Take a counted order out of the count and spend, once; an unknown order is ignored."""

    key_field = "customer_id"
    customer_id: UUID
    order_id: UUID


class ExportPersonalData(Query[PersonalData], frozen=True, kw_only=True, tag="customers.ExportPersonalData"):
    customer_id: UUID


class GetCustomerFacts(Query[CustomerFacts], frozen=True, kw_only=True, tag="customers.GetCustomerFacts"):
    customer_id: UUID  # unknown customer: segment_ids [], order_count 0, country None


class CustomerErased(Event, frozen=True, kw_only=True, tag="customers.CustomerErased"):
    key_field = "customer_id"
    customer_id: UUID
