"""The public contract of banners: staff commands and queries, the live selection, events."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from core.messages import Command, Event, Query
from core.paging import DEFAULT_LIMIT, Page
from domains.cms.messages.content import Instant

# What the server accepts: the model enforces these, the HTTP schemas document them.
BANNER_TITLE_LENGTH = 200
URL_LENGTH = 2000
PLACEMENT = r"^[a-z0-9][a-z0-9_-]{0,63}$"
PLACEMENT_LENGTH = 64
LOWEST_PRIORITY, HIGHEST_PRIORITY = -1_000_000, 1_000_000


class BannerItem(msgspec.Struct, frozen=True, kw_only=True):
    """A banner; shown while active and ``starts_at <= now < ends_at`` (open ends allowed)."""

    id: UUID
    title: str
    image_url: str
    link_url: str | None = None
    placement: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    priority: int
    active: bool
    created_at: datetime
    updated_at: datetime


# --- commands and queries ---------------------------------------------------


class CreateBanner(Command[BannerItem], frozen=True, kw_only=True, tag="cms.CreateBanner"):
    title: str
    image_url: str
    link_url: str | None = None
    placement: str
    starts_at: Instant | None = None
    ends_at: Instant | None = None
    priority: int = 0
    active: bool = True


class UpdateBanner(Command[BannerItem], frozen=True, kw_only=True, tag="cms.UpdateBanner"):
    key_field = "id"
    id: UUID
    title: str | UnsetType = UNSET
    image_url: str | UnsetType = UNSET
    link_url: str | UnsetType | None = UNSET
    placement: str | UnsetType = UNSET
    starts_at: Instant | UnsetType | None = UNSET
    ends_at: Instant | UnsetType | None = UNSET
    priority: int | UnsetType = UNSET
    active: bool | UnsetType = UNSET


class DeleteBanner(Command[None], frozen=True, kw_only=True, tag="cms.DeleteBanner"):
    key_field = "id"
    id: UUID


class GetBanner(Query[BannerItem], frozen=True, kw_only=True, tag="cms.GetBanner"):
    id: UUID


class ListBanners(Query[Page[BannerItem]], frozen=True, kw_only=True, tag="cms.ListBanners"):
    """Every banner (or one placement's), newest created first, for staff."""

    placement: str | None = None
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT


class ListLiveBanners(Query[Page[BannerItem]], frozen=True, kw_only=True, tag="cms.ListLiveBanners"):
    """Active banners whose window includes now, highest priority first."""

    placement: str | None = None
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT


class BannerChanged(Event, frozen=True, kw_only=True):
    """Base of the banner events: the banner as it is after the change."""

    key_field = "id"
    id: UUID
    banner: BannerItem


class BannerCreated(BannerChanged, frozen=True, kw_only=True, tag="cms.BannerCreated"): ...


class BannerUpdated(BannerChanged, frozen=True, kw_only=True, tag="cms.BannerUpdated"): ...


class BannerDeleted(BannerChanged, frozen=True, kw_only=True, tag="cms.BannerDeleted"): ...
