"""Customers' entities and pure rules: profiles, address books, segments."""

from __future__ import annotations

from domains.customers.model.addresses import (
    MAX_ADDRESSES,
    Address,
    address_fields,
    address_view,
    changed,
    new_address,
)
from domains.customers.model.profiles import (
    MAX_NAME,
    MAX_TAGS,
    Profile,
    profile_changes,
    profile_view,
    summary_view,
    tags_of,
)
from domains.customers.model.segments import (
    MAX_DESCRIPTION,
    MAX_SEGMENT_NAME,
    Facts,
    Segment,
    matches,
    membership_changed,
    rules_of,
    segment_view,
)

__all__ = [
    "MAX_ADDRESSES",
    "MAX_DESCRIPTION",
    "MAX_NAME",
    "MAX_SEGMENT_NAME",
    "MAX_TAGS",
    "Address",
    "Facts",
    "Profile",
    "Segment",
    "address_fields",
    "address_view",
    "changed",
    "matches",
    "membership_changed",
    "new_address",
    "profile_changes",
    "profile_view",
    "rules_of",
    "segment_view",
    "summary_view",
    "tags_of",
]
