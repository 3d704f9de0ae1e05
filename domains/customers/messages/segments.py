"""Customers' contract for segments: static lists and rule-based groups of customers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query
from core.money import Money
from core.paging import Page
from domains.customers.messages.profiles import CustomerSummary

SegmentKind = Literal["static", "rule"]


class SegmentRules(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """All the conditions given must hold; an empty list or None means no condition."""

    countries: list[str] = []  # of the default shipping address
    tags: list[str] = []  # any of them
    registered_after: datetime | None = None
    registered_before: datetime | None = None
    min_orders: int | None = None
    max_orders: int | None = None
    min_spent: Money | None = None


class Segment(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    description: str | None
    kind: SegmentKind
    rules: SegmentRules | None
    member_count: int
    created_at: datetime
    updated_at: datetime


class CreateSegment(Command[Segment], frozen=True, kw_only=True, tag="customers.CreateSegment"):
    name: str
    description: str | None = None
    kind: SegmentKind
    rules: SegmentRules | None = None


class UpdateSegment(Command[Segment], frozen=True, kw_only=True, tag="customers.UpdateSegment"):
    """Fields left UNSET stay; new rules re-evaluate every customer's membership."""

    key_field = "segment_id"
    segment_id: UUID
    name: str | msgspec.UnsetType = msgspec.UNSET
    description: str | msgspec.UnsetType | None = msgspec.UNSET
    rules: SegmentRules | msgspec.UnsetType = msgspec.UNSET


class DeleteSegment(Command[None], frozen=True, kw_only=True, tag="customers.DeleteSegment"):
    key_field = "segment_id"
    segment_id: UUID


class AddSegmentMembers(Command[Segment], frozen=True, kw_only=True, tag="customers.AddSegmentMembers"):
    """Add customers to a static segment (already members stay once)."""

    key_field = "segment_id"
    segment_id: UUID
    customer_ids: list[UUID]


class RemoveSegmentMember(Command[Segment], frozen=True, kw_only=True, tag="customers.RemoveSegmentMember"):
    key_field = "segment_id"
    segment_id: UUID
    customer_id: UUID


class GetSegment(Query[Segment], frozen=True, kw_only=True, tag="customers.GetSegment"):
    segment_id: UUID


class ListSegments(Query[Page[Segment]], frozen=True, kw_only=True, tag="customers.ListSegments"):
    limit: int = 20
    cursor: str | None = None


class ListSegmentMembers(
    Query[Page[CustomerSummary]], frozen=True, kw_only=True, tag="customers.ListSegmentMembers"
):
    segment_id: UUID
    limit: int = 20
    cursor: str | None = None


class SegmentCreated(Event, frozen=True, kw_only=True, tag="customers.SegmentCreated"):
    key_field = "segment_id"
    segment_id: UUID
    name: str
    kind: SegmentKind


class SegmentUpdated(Event, frozen=True, kw_only=True, tag="customers.SegmentUpdated"):
    key_field = "segment_id"
    segment_id: UUID
    name: str


class SegmentDeleted(Event, frozen=True, kw_only=True, tag="customers.SegmentDeleted"):
    key_field = "segment_id"
    segment_id: UUID


class SegmentMembershipChanged(Event, frozen=True, kw_only=True, tag="customers.SegmentMembershipChanged"):
    """Customers joined or left a segment (pricing and promotions may cache memberships)."""

    key_field = "segment_id"
    segment_id: UUID
    joined: list[UUID]
    left: list[UUID]
