"""Staff routes for campaigns: a window and an optional budget shared by their promotions."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from core.controllers import Bus, Cursor, Limit, message
from core.guards import staff
from core.http import errors
from core.paging import DEFAULT_LIMIT
from domains.promotions.messages import (
    CampaignDetails,
    CampaignPage,
    CreateCampaign,
    DeleteCampaign,
    GetCampaign,
    ListCampaigns,
    UpdateCampaign,
)
from domains.promotions.schemas import CampaignCreate, CampaignUpdate

READ, WRITE = [staff("promotions:read")], [staff("promotions:write")]


class CampaignAdminController(Controller):
    path = "/admin/campaigns"
    tags = ["promotions: staff"]

    @post(
        "/",
        guards=WRITE,
        operation_id="admin_create_campaign",
        summary="Create a campaign; once its `budget` of discount is spent its promotions stop",
        responses=errors(400, 401, 403, 422),
    )
    async def create(self, bus: Bus, data: JSONBody[CampaignCreate]) -> CampaignDetails:
        return await bus.send(message(data, CreateCampaign))

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_campaigns",
        summary="Campaigns, oldest first, with the discount spent",
        responses=errors(400, 401, 403, 422),
    )
    async def index(self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> CampaignPage:
        return await bus.ask(ListCampaigns(limit=limit, cursor=cursor))

    @get(
        "/{campaign_id:uuid}",
        guards=READ,
        operation_id="admin_get_campaign",
        summary="A campaign with the discount spent",
        responses=errors(401, 403, 404),
    )
    async def get(self, bus: Bus, campaign_id: FromPath[UUID]) -> CampaignDetails:
        return await bus.ask(GetCampaign(campaign_id=campaign_id))

    @patch(
        "/{campaign_id:uuid}",
        guards=WRITE,
        operation_id="admin_update_campaign",
        summary="Change the fields given; `null` clears a date or the budget",
        responses=errors(400, 401, 403, 404, 422),
    )
    async def update(
        self, bus: Bus, campaign_id: FromPath[UUID], data: JSONBody[CampaignUpdate]
    ) -> CampaignDetails:
        return await bus.send(message(data, UpdateCampaign, campaign_id=campaign_id))

    @delete(
        "/{campaign_id:uuid}",
        guards=WRITE,
        operation_id="admin_delete_campaign",
        summary="Remove a campaign; its promotions stay, outside any campaign",
        responses=errors(401, 403, 404),
    )
    async def remove(self, bus: Bus, campaign_id: FromPath[UUID]) -> None:
        await bus.send(DeleteCampaign(campaign_id=campaign_id))
