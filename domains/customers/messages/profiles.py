"""Customers' contract for profiles: names, contact, locale, consent, tags, blocking; staff views."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query
from core.money import Money
from core.paging import Page
from domains.customers.messages.addresses import Address

Unset = msgspec.UnsetType
UNSET = msgspec.UNSET


class Profile(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    email: str
    first_name: str | None
    last_name: str | None
    phone: str | None
    locale: str | None
    marketing_consent: bool
    email_verified: bool = False
    created_at: datetime
    updated_at: datetime


class CustomerSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    email: str
    first_name: str | None
    last_name: str | None
    tags: list[str]
    blocked: bool
    created_at: datetime


class CustomerDetail(msgspec.Struct, frozen=True, kw_only=True):
    """What staff see of one customer."""

    profile: Profile
    tags: list[str]
    blocked: bool
    addresses: list[Address]
    segment_ids: list[UUID]
    order_count: int
    total_spent: list[Money]


class UpdateProfile(Command[Profile], frozen=True, kw_only=True, tag="customers.UpdateProfile"):
    """Fields left UNSET stay as they are; None clears an optional one."""

    key_field = "customer_id"
    customer_id: UUID
    first_name: str | Unset | None = UNSET
    last_name: str | Unset | None = UNSET
    phone: str | Unset | None = UNSET
    locale: str | Unset | None = UNSET
    marketing_consent: bool | Unset = UNSET


class TagCustomer(Command[CustomerDetail], frozen=True, kw_only=True, tag="customers.TagCustomer"):
    key_field = "customer_id"
    customer_id: UUID
    tags: list[str]


class UntagCustomer(Command[CustomerDetail], frozen=True, kw_only=True, tag="customers.UntagCustomer"):
    key_field = "customer_id"
    customer_id: UUID
    tag: str


class BlockCustomer(Command[CustomerDetail], frozen=True, kw_only=True, tag="customers.BlockCustomer"):
    """A blocked customer cannot sign in (identity follows ``CustomerBlocked``)."""

    key_field = "customer_id"
    customer_id: UUID


class UnblockCustomer(Command[CustomerDetail], frozen=True, kw_only=True, tag="customers.UnblockCustomer"):
    key_field = "customer_id"
    customer_id: UUID


class GetProfile(Query[Profile], frozen=True, kw_only=True, tag="customers.GetProfile"):
    """The profile; right after registration it is built from the identity account."""

    customer_id: UUID


class ListCustomers(Query[Page[CustomerSummary]], frozen=True, kw_only=True, tag="customers.ListCustomers"):
    """Newest first; ``q`` matches part of the email, first or last name."""

    q: str | None = None
    limit: int = 20
    cursor: str | None = None


class GetCustomerDetail(Query[CustomerDetail], frozen=True, kw_only=True, tag="customers.GetCustomerDetail"):
    customer_id: UUID


class ProfileUpdated(Event, frozen=True, kw_only=True, tag="customers.ProfileUpdated"):
    key_field = "customer_id"
    customer_id: UUID
    first_name: str | None
    last_name: str | None
    locale: str | None
    marketing_consent: bool


class CustomerTagsChanged(Event, frozen=True, kw_only=True, tag="customers.CustomerTagsChanged"):
    key_field = "customer_id"
    customer_id: UUID
    tags: list[str]


class CustomerBlocked(Event, frozen=True, kw_only=True, tag="customers.CustomerBlocked"):
    key_field = "customer_id"
    customer_id: UUID


class CustomerUnblocked(Event, frozen=True, kw_only=True, tag="customers.CustomerUnblocked"):
    key_field = "customer_id"
    customer_id: UUID
