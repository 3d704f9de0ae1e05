"""Campaigns: a window and an optional budget of discount shared by their promotions."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

import msgspec
from msgspec import UNSET, UnsetType

from core.messages import Command, Event, Query


class CampaignDetails(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    starts_at: datetime | None
    ends_at: datetime | None
    budget: int | None
    currency: str
    spent: int
    active: bool
    created_at: datetime
    updated_at: datetime


class CampaignPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[CampaignDetails]
    next_cursor: str | None = None


class CreateCampaign(Command[CampaignDetails], frozen=True, kw_only=True, tag="promotions.CreateCampaign"):
    key_field = "campaign_id"
    campaign_id: UUID = msgspec.field(default_factory=uuid4)
    name: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    budget: int | None = None
    currency: str | None = None


class UpdateCampaign(Command[CampaignDetails], frozen=True, kw_only=True, tag="promotions.UpdateCampaign"):
    key_field = "campaign_id"
    campaign_id: UUID
    name: str | UnsetType = UNSET
    starts_at: datetime | UnsetType | None = UNSET
    ends_at: datetime | UnsetType | None = UNSET
    budget: int | UnsetType | None = UNSET
    active: bool | UnsetType = UNSET


class DeleteCampaign(Command[None], frozen=True, kw_only=True, tag="promotions.DeleteCampaign"):
    """Removes a campaign; its promotions stay, no longer in a campaign."""

    key_field = "campaign_id"
    campaign_id: UUID


class GetCampaign(Query[CampaignDetails], frozen=True, kw_only=True, tag="promotions.GetCampaign"):
    campaign_id: UUID


class ListCampaigns(Query[CampaignPage], frozen=True, kw_only=True, tag="promotions.ListCampaigns"):
    limit: int = 20
    cursor: str | None = None


class CampaignChanged(Event, frozen=True, kw_only=True, tag="promotions.CampaignChanged"):
    key_field = "campaign_id"
    campaign_id: UUID
    campaign: CampaignDetails | None  # None: removed
