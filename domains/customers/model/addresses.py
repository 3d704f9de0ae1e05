"""Address book entries: checked fields, ISO 3166-1 countries, postal codes in the country's format.

A customer has at most one default shipping and one default billing address
(PostgreSQL guards it with partial unique indexes).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from core.countries import postal_code_of
from core.validation import Findings
from domains.customers import messages as m
from domains.customers.model.profiles import MAX_NAME, phone_of

MAX_ADDRESSES = 50
LIMITS = {
    "first_name": MAX_NAME,
    "last_name": MAX_NAME,
    "company": 100,
    "line1": 200,
    "line2": 200,
    "city": 100,
    "region": 100,
    "postal_code": 20,
}
REQUIRED = ("first_name", "last_name", "line1", "city", "postal_code", "country")
FIELDS = (*LIMITS, "country", "phone", "default_shipping", "default_billing")


@dataclass(frozen=True)
class Address:
    id: UUID
    customer_id: UUID
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


def address_fields(cmd: m.AddAddress | m.UpdateAddress) -> dict[str, Any]:
    """The fields ``cmd`` sets."""
    return {name: getattr(cmd, name) for name in FIELDS if getattr(cmd, name) is not msgspec.UNSET}


def checked(values: dict[str, Any]) -> dict[str, Any]:
    """The address fields cleaned, or Invalid naming every bad one."""
    problems = Findings()
    clean: dict[str, Any] = dict(values)
    for name, longest in LIMITS.items():
        if name in values:
            clean[name] = (
                problems.text(values[name], name, longest=longest, required=name in REQUIRED) or None
            )
    country = problems.country(str(values.get("country") or ""))
    clean["country"] = country
    if clean.get("postal_code"):
        clean["postal_code"], why = postal_code_of(clean["postal_code"], country)
        if why:
            problems.add("postal_code", why)
    if "phone" in values:
        clean["phone"] = phone_of(problems, values["phone"])
    problems.raise_any("the address has invalid fields")
    return clean


def new_address(address_id: UUID, customer_id: UUID, values: dict[str, Any], now: datetime) -> Address:
    fields = dict.fromkeys(("company", "line2", "region", "phone"))
    fields |= {"default_shipping": False, "default_billing": False}
    return Address(
        id=address_id,
        customer_id=customer_id,
        created_at=now,
        updated_at=now,
        **{**fields, **checked(values)},
    )


def changed(address: Address, values: dict[str, Any], now: datetime) -> Address:
    """``address`` with ``values`` applied and the whole result checked again."""
    merged = {name: getattr(address, name) for name in FIELDS} | values
    return replace(address, **checked(merged), updated_at=now)


def address_view(a: Address) -> m.Address:
    return m.Address(
        id=a.id,
        first_name=a.first_name,
        last_name=a.last_name,
        company=a.company,
        line1=a.line1,
        line2=a.line2,
        city=a.city,
        region=a.region,
        postal_code=a.postal_code,
        country=a.country,
        phone=a.phone,
        default_shipping=a.default_shipping,
        default_billing=a.default_billing,
        created_at=a.created_at,
        updated_at=a.updated_at,
    )
