"""HTTP bodies of the banner routes (separate from the bus messages they become).

Lengths and ranges are checked on decoding (400); URL safety, the placement's shape and
the window are the model's (422, every bad field named at once).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from core.controllers import Body
from domains.cms.messages import (
    BANNER_TITLE_LENGTH,
    HIGHEST_PRIORITY,
    LOWEST_PRIORITY,
    PLACEMENT,
    PLACEMENT_LENGTH,
    URL_LENGTH,
    Instant,
)

BannerTitle = Annotated[str, Meta(min_length=1, max_length=BANNER_TITLE_LENGTH)]
ImageUrl = Annotated[
    str, Meta(min_length=1, max_length=URL_LENGTH, description="an http(s) URL or a path starting with /")
]
LinkUrl = Annotated[str, Meta(max_length=URL_LENGTH, description="an http(s) URL or a path starting with /")]
Placement = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=PLACEMENT_LENGTH,
        description=f"lower-case letters, digits, '_' or '-' ({PLACEMENT})",
        examples=["home_hero"],
    ),
]
Priority = Annotated[int, Meta(ge=LOWEST_PRIORITY, le=HIGHEST_PRIORITY, description="higher shows first")]
StartsAt = Annotated[Instant, Meta(description="shown from this time on; none means at once")]
EndsAt = Annotated[Instant, Meta(description="after starts_at; hidden from this time on; none means never")]


class BannerCreate(Body, frozen=True, kw_only=True):
    title: BannerTitle
    image_url: ImageUrl
    link_url: LinkUrl | None = None
    placement: Placement
    starts_at: StartsAt | None = None
    ends_at: EndsAt | None = None
    priority: Priority = 0
    active: bool = True


class BannerUpdate(Body, frozen=True, kw_only=True):
    """Only the fields sent change; null clears an optional field."""

    title: BannerTitle | UnsetType = UNSET
    image_url: ImageUrl | UnsetType = UNSET
    link_url: LinkUrl | UnsetType | None = UNSET
    placement: Placement | UnsetType = UNSET
    starts_at: StartsAt | UnsetType | None = UNSET
    ends_at: EndsAt | UnsetType | None = UNSET
    priority: Priority | UnsetType = UNSET
    active: bool | UnsetType = UNSET


class BannerView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    title: str
    image_url: str
    link_url: str | None
    placement: str
    starts_at: datetime | None
    ends_at: datetime | None
    priority: int
    active: bool
    created_at: datetime
    updated_at: datetime


class PublicBanner(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    title: str
    image_url: str
    link_url: str | None
    placement: str
    priority: int
    starts_at: datetime | None
    ends_at: datetime | None
