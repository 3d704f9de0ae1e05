"""Customers' contract for address books."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query

Unset = msgspec.UnsetType
UNSET = msgspec.UNSET


class Address(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    first_name: str
    last_name: str
    company: str | None
    line1: str
    line2: str | None
    city: str
    region: str | None
    postal_code: str
    country: str
    phone: str | None
    default_shipping: bool
    default_billing: bool
    created_at: datetime
    updated_at: datetime


class AddAddress(Command[Address], frozen=True, kw_only=True, tag="customers.AddAddress"):
    key_field = "customer_id"
    customer_id: UUID
    first_name: str
    last_name: str
    company: str | None = None
    line1: str
    line2: str | None = None
    city: str
    region: str | None = None
    postal_code: str
    country: str
    phone: str | None = None
    default_shipping: bool = False
    default_billing: bool = False


class UpdateAddress(Command[Address], frozen=True, kw_only=True, tag="customers.UpdateAddress"):
    """Fields left UNSET stay; ``default_*`` True makes it the default (the old one stops being it)."""

    key_field = "customer_id"
    customer_id: UUID
    address_id: UUID
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    company: str | Unset | None = UNSET
    line1: str | Unset = UNSET
    line2: str | Unset | None = UNSET
    city: str | Unset = UNSET
    region: str | Unset | None = UNSET
    postal_code: str | Unset = UNSET
    country: str | Unset = UNSET
    phone: str | Unset | None = UNSET
    default_shipping: bool | Unset = UNSET
    default_billing: bool | Unset = UNSET


class RemoveAddress(Command[None], frozen=True, kw_only=True, tag="customers.RemoveAddress"):
    key_field = "customer_id"
    customer_id: UUID
    address_id: UUID


class ListAddresses(Query[list[Address]], frozen=True, kw_only=True, tag="customers.ListAddresses"):
    customer_id: UUID


class AddressBookChanged(Event, frozen=True, kw_only=True, tag="customers.AddressBookChanged"):
    """An address was added, changed or removed; ``country`` is the default shipping one's."""

    key_field = "customer_id"
    customer_id: UUID
    address_id: UUID
    change: str
    country: str | None
