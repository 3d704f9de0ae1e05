"""Staff commands and queries on campaigns: a window and an optional budget for their promotions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from core.paging import decode_cursor, encode_cursor
from core.validation import Findings, found
from domains.promotions.messages import (
    CampaignDetails,
    CampaignPage,
    CreateCampaign,
    DeleteCampaign,
    GetCampaign,
    ListCampaigns,
    UpdateCampaign,
)
from domains.promotions.model.promotions import Campaign
from domains.promotions.model.rules import MAX_NAME

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.promotions.ports import PromotionsDeps


def _check(campaign: Campaign, found: Findings) -> None:
    campaign.name = found.text(campaign.name, "name", longest=MAX_NAME)
    found.window(campaign.starts_at, campaign.ends_at)
    if campaign.budget is not None:
        found.amount(campaign.budget, "budget", allow_zero=False)
    found.raise_any()


async def create_campaign(cmd: CreateCampaign, deps: PromotionsDeps) -> CampaignDetails:
    now, checks = deps.clock(), Findings()
    campaign = Campaign(
        id=cmd.campaign_id,
        name=cmd.name,
        currency=checks.currency(cmd.currency or deps.default_currency),
        created_at=now,
        updated_at=now,
        starts_at=cmd.starts_at,
        ends_at=cmd.ends_at,
        budget=cmd.budget,
    )
    _check(campaign, checks)
    async with deps.uow() as uow:
        campaign.changed()
        await deps.campaigns.add(campaign)
        uow.collect(campaign)
        await uow.commit()
    return campaign.details()


async def _load(deps: PromotionsDeps, campaign_id: UUID) -> Campaign:
    return found(await deps.campaigns.get(campaign_id), "campaign", campaign_id)


async def update_campaign(cmd: UpdateCampaign, deps: PromotionsDeps) -> CampaignDetails:
    async with deps.uow() as uow:
        campaign = await _load(deps, cmd.campaign_id)
        for name, value in msgspec.structs.asdict(cmd).items():
            if name != "campaign_id" and value is not msgspec.UNSET:
                setattr(campaign, name, value)
        campaign.updated_at = deps.clock()
        _check(campaign, Findings())
        campaign.changed()
        await deps.campaigns.save(campaign)
        uow.collect(campaign)
        await uow.commit()
    return campaign.details()


async def delete_campaign(cmd: DeleteCampaign, deps: PromotionsDeps) -> None:
    async with deps.uow() as uow:
        campaign = await _load(deps, cmd.campaign_id)
        await deps.campaigns.delete(campaign)
        campaign.removed()
        uow.collect(campaign)
        await uow.commit()


async def get_campaign(query: GetCampaign, deps: PromotionsDeps) -> CampaignDetails:
    return (await _load(deps, query.campaign_id)).details()


async def list_campaigns(query: ListCampaigns, deps: PromotionsDeps) -> CampaignPage:
    items, after = await deps.campaigns.page(query.limit, decode_cursor(query.cursor))
    return CampaignPage(
        items=[c.details() for c in items], next_cursor=encode_cursor(after) if after else None
    )


HANDLERS: dict[type[Message], Handler] = {
    CreateCampaign: create_campaign,
    UpdateCampaign: update_campaign,
    DeleteCampaign: delete_campaign,
    GetCampaign: get_campaign,
    ListCampaigns: list_campaigns,
}
