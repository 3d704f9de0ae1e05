"""The signed-in customer's routes: profile, address book, data export and erasure."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from core.controllers import Bus, message
from core.guards import customer_guard
from core.http import errors
from core.security import Principal
from domains.customers import messages as m
from domains.customers import schemas as s

Caller = NamedDependency[Principal]


def me(principal: Principal) -> UUID:
    return UUID(principal.subject)


class ProfileController(Controller):
    path = "/me"
    tags = ["customers"]
    guards = [customer_guard]

    @get(
        operation_id="get_profile",
        summary="The signed-in customer's profile",
        responses=errors(401, 403, 404),
    )
    async def get_profile(self, principal: Caller, bus: Bus) -> s.Profile:
        return await bus.ask(m.GetProfile(customer_id=me(principal)))

    @patch(
        operation_id="update_profile",
        summary="Change the signed-in customer's profile",
        responses=errors(400, 401, 403, 404, 415, 422),
    )
    async def update_profile(self, data: JSONBody[s.ProfileUpdate], principal: Caller, bus: Bus) -> s.Profile:
        return await bus.send(message(data, m.UpdateProfile, customer_id=str(me(principal))))

    @get(
        "/export",
        operation_id="export_personal_data",
        summary="Everything the shop holds about the signed-in customer",
        description="Account and sessions, profile, addresses, tags, segments and order facts, as JSON.",
        responses=errors(401, 403, 404),
    )
    async def export(self, principal: Caller, bus: Bus) -> s.PersonalData:
        return await bus.ask(m.ExportPersonalData(customer_id=me(principal)))

    @delete(
        operation_id="erase_customer",
        summary="Erase the signed-in customer's personal data",
        description="The profile and addresses are erased, the account anonymised and every session revoked.",
        responses=errors(401, 403, 404),
    )
    async def erase(self, principal: Caller, bus: Bus) -> None:
        await bus.send(m.EraseCustomer(customer_id=me(principal)))


class AddressController(Controller):
    path = "/me/addresses"
    tags = ["customers"]
    guards = [customer_guard]

    @get(
        operation_id="list_addresses",
        summary="The signed-in customer's addresses",
        responses=errors(401, 403),
    )
    async def index(self, principal: Caller, bus: Bus) -> list[s.Address]:
        return await bus.ask(m.ListAddresses(customer_id=me(principal)))

    @post(
        operation_id="add_address",
        summary="Add an address",
        responses=errors(400, 401, 403, 404, 409, 415, 422),
    )
    async def add(self, data: JSONBody[s.AddressCreate], principal: Caller, bus: Bus) -> s.Address:
        return await bus.send(message(data, m.AddAddress, customer_id=str(me(principal))))

    @patch(
        "/{address_id:uuid}",
        operation_id="update_address",
        summary="Change an address",
        responses=errors(400, 401, 403, 404, 409, 415, 422),
    )
    async def update(
        self, address_id: FromPath[UUID], data: JSONBody[s.AddressUpdate], principal: Caller, bus: Bus
    ) -> s.Address:
        fields = {"customer_id": str(me(principal)), "address_id": str(address_id)}
        return await bus.send(message(data, m.UpdateAddress, **fields))

    @delete(
        "/{address_id:uuid}",
        operation_id="remove_address",
        summary="Remove an address",
        responses=errors(401, 403, 404),
    )
    async def remove(self, address_id: FromPath[UUID], principal: Caller, bus: Bus) -> None:
        await bus.send(m.RemoveAddress(customer_id=me(principal), address_id=address_id))


ROUTES = [ProfileController, AddressController]
