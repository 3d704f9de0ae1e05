"""HTTP bodies of the customers routes, with the limits the server enforces; replies are the contract's."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

import msgspec

from core.controllers import Body, Instant
from core.money import Amount, CurrencyCode
from domains.customers import messages as m

Name = Annotated[str, msgspec.Meta(max_length=100)]
RequiredName = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Phone = Annotated[str, msgspec.Meta(max_length=40, description="Digits, spaces and + ( ) . -")]
Locale = Annotated[
    str, msgspec.Meta(pattern=r"^[a-z]{2,3}(-[A-Z]{2}|-[0-9]{3})?$", description="A language tag: en, fr-CA")
]
Country = Annotated[
    str, msgspec.Meta(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. FR")
]
PostalCode = Annotated[
    str, msgspec.Meta(min_length=1, max_length=20, description="Checked for common countries")
]
Line = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
OptionalLine = Annotated[str, msgspec.Meta(max_length=200)]
Tag = Annotated[
    str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$", description="Stored lower case")
]
Count = Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
UNSET = msgspec.UNSET


class ProfileUpdate(Body, frozen=True, kw_only=True):
    """Only the fields sent change; null clears one."""

    first_name: Name | msgspec.UnsetType | None = UNSET
    last_name: Name | msgspec.UnsetType | None = UNSET
    phone: Phone | msgspec.UnsetType | None = UNSET
    locale: Locale | msgspec.UnsetType | None = UNSET
    marketing_consent: bool | msgspec.UnsetType = UNSET


class AddressCreate(Body, frozen=True, kw_only=True):
    first_name: RequiredName
    last_name: RequiredName
    company: Name | None = None
    line1: Line
    line2: OptionalLine | None = None
    city: RequiredName
    region: Name | None = None
    postal_code: PostalCode
    country: Country
    phone: Phone | None = None
    default_shipping: bool = False
    default_billing: bool = False


class AddressUpdate(Body, frozen=True, kw_only=True):
    """Only the fields sent change; `default_*: true` takes the role from the other address."""

    first_name: RequiredName | msgspec.UnsetType = UNSET
    last_name: RequiredName | msgspec.UnsetType = UNSET
    company: Name | msgspec.UnsetType | None = UNSET
    line1: Line | msgspec.UnsetType = UNSET
    line2: OptionalLine | msgspec.UnsetType | None = UNSET
    city: RequiredName | msgspec.UnsetType = UNSET
    region: Name | msgspec.UnsetType | None = UNSET
    postal_code: PostalCode | msgspec.UnsetType = UNSET
    country: Country | msgspec.UnsetType = UNSET
    phone: Phone | msgspec.UnsetType | None = UNSET
    default_shipping: bool | msgspec.UnsetType = UNSET
    default_billing: bool | msgspec.UnsetType = UNSET


class Tags(Body, frozen=True, kw_only=True):
    tags: Annotated[list[Tag], msgspec.Meta(min_length=1, max_length=50)]


class MoneyIn(Body, frozen=True, kw_only=True):
    amount: Amount
    currency: CurrencyCode


class Rules(Body, frozen=True, kw_only=True):
    """Every condition given must hold."""

    countries: Annotated[
        list[Country], msgspec.Meta(max_length=100, description="Default shipping country")
    ] = []
    tags: Annotated[list[Tag], msgspec.Meta(max_length=100, description="Any of these tags")] = []
    registered_after: Instant | None = None
    registered_before: Instant | None = None
    min_orders: Count | None = None
    max_orders: Count | None = None
    min_spent: (
        Annotated[MoneyIn, msgspec.Meta(description="Spent in that currency, orders not cancelled")] | None
    ) = None


class SegmentCreate(Body, frozen=True, kw_only=True):
    name: RequiredName
    description: Annotated[str, msgspec.Meta(max_length=500)] | None = None
    kind: Literal["static", "rule"]
    rules: Rules | None = None


class SegmentUpdate(Body, frozen=True, kw_only=True):
    name: RequiredName | msgspec.UnsetType = UNSET
    description: Annotated[str, msgspec.Meta(max_length=500)] | msgspec.UnsetType | None = UNSET
    rules: Rules | msgspec.UnsetType = UNSET


class Members(Body, frozen=True, kw_only=True):
    customer_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=100)]


Profile = m.Profile
Address = m.Address
PersonalData = m.PersonalData
CustomerSummary = m.CustomerSummary
CustomerDetail = m.CustomerDetail
Segment = m.Segment
