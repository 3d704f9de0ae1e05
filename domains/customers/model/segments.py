"""Segments: static lists staff keep, and groups whose rules the customer's facts are matched against."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import msgspec

from core.countries import COUNTRIES
from domains.customers import messages as m
from domains.customers.model.profiles import tags_of

if TYPE_CHECKING:
    from core.messages import Event
    from core.validation import Findings

MAX_SEGMENT_NAME = 100
MAX_DESCRIPTION = 500
MAX_RULE_ITEMS = 100


@dataclass(frozen=True)
class Facts:
    """What rules look at, for one customer."""

    customer_id: UUID
    country: str | None
    tags: tuple[str, ...]
    registered_at: datetime
    order_count: int
    spent: dict[str, int]


def matches(rules: m.SegmentRules, facts: Facts) -> bool:
    """Whether ``facts`` meet every condition ``rules`` sets."""
    spent = rules.min_spent
    return all(
        (
            not rules.countries or facts.country in rules.countries,
            not rules.tags or bool(set(rules.tags) & set(facts.tags)),
            rules.registered_after is None or facts.registered_at >= rules.registered_after,
            rules.registered_before is None or facts.registered_at < rules.registered_before,
            rules.min_orders is None or facts.order_count >= rules.min_orders,
            rules.max_orders is None or facts.order_count <= rules.max_orders,
            spent is None or facts.spent.get(spent.currency, 0) >= spent.amount,
        )
    )


def rules_of(problems: Findings, rules: m.SegmentRules, field: str = "rules") -> m.SegmentRules:
    """The rules with codes normalised; records what cannot match anything."""
    countries = sorted({c.strip().upper() for c in rules.countries})
    if bad := [c for c in countries if c not in COUNTRIES]:
        problems.add(f"{field}.countries", f"not ISO 3166-1 alpha-2 codes: {', '.join(bad)}")
    problems.at_most(rules.countries, MAX_RULE_ITEMS, f"{field}.countries")
    problems.at_most(rules.tags, MAX_RULE_ITEMS, f"{field}.tags")
    tags = tags_of(problems, rules.tags, f"{field}.tags")
    for name in ("min_orders", "max_orders"):
        value = getattr(rules, name)
        if value is not None and value < 0:
            problems.add(f"{field}.{name}", "must not be negative")
    after, before = rules.registered_after, rules.registered_before
    if after and before and after >= before:
        problems.add(f"{field}.registered_before", "must be later than registered_after")
    for name, value in (("registered_after", after), ("registered_before", before)):
        if value is not None and value.tzinfo is None:
            problems.add(f"{field}.{name}", "needs a time zone, such as Z")
    spent = problems.money(rules.min_spent, f"{field}.min_spent") if rules.min_spent else None
    return msgspec.structs.replace(rules, countries=countries, tags=tags, min_spent=spent)


@dataclass
class Segment:
    id: UUID
    name: str
    description: str | None
    kind: m.SegmentKind
    rules: m.SegmentRules | None
    created_at: datetime
    updated_at: datetime
    member_count: int = 0
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def create(
        cls, segment_id: UUID, name: str, description: str | None, rules: m.SegmentRules | None, now: datetime
    ) -> Segment:
        kind: m.SegmentKind = "static" if rules is None else "rule"
        segment = cls(segment_id, name, description, kind, rules, now, now)
        segment.events.append(m.SegmentCreated(segment_id=segment_id, name=name, kind=kind))
        return segment

    def update(self, changes: dict[str, Any], now: datetime) -> bool:
        """Apply ``changes``; True when the rules changed (so memberships must be evaluated again)."""
        changed = {k: v for k, v in changes.items() if getattr(self, k) != v}
        if not changed:
            return False
        for name, value in changed.items():
            setattr(self, name, value)
        self.updated_at = now
        self.events.append(m.SegmentUpdated(segment_id=self.id, name=self.name))
        return "rules" in changed


def segment_view(s: Segment) -> m.Segment:
    return m.Segment(
        id=s.id,
        name=s.name,
        description=s.description,
        kind=s.kind,
        rules=s.rules,
        member_count=s.member_count,
        created_at=s.created_at,
        updated_at=s.updated_at,
    )


def membership_changed(segment_id: UUID, joined: list[UUID], left: list[UUID]) -> list[Event]:
    """The event saying who joined and left, if anyone did."""
    if not joined and not left:
        return []
    return [m.SegmentMembershipChanged(segment_id=segment_id, joined=joined, left=left)]
