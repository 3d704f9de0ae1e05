"""The customer's address book: at most one default shipping and one default billing address."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING
from uuid import uuid4

from core.validation import check_limit, found
from domains.customers import messages as m
from domains.customers.handlers.memberships import ensure_profile, live, refresh_memberships
from domains.customers.model import MAX_ADDRESSES, address_fields, address_view, changed, new_address

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from core.uow import UnitOfWork
    from domains.customers.model import Address
    from domains.customers.ports import CustomersDeps


async def list_addresses(query: m.ListAddresses, deps: CustomersDeps) -> list[m.Address]:
    return [address_view(a) for a in await deps.addresses.of(query.customer_id)]


async def add_address(cmd: m.AddAddress, deps: CustomersDeps) -> m.Address:
    await ensure_profile(deps, cmd.customer_id)
    address = new_address(uuid4(), cmd.customer_id, address_fields(cmd), deps.clock())
    async with deps.uow() as uow:
        live(await deps.profiles.get(cmd.customer_id, lock=True), cmd.customer_id)
        check_limit([*await deps.addresses.of(cmd.customer_id), address], MAX_ADDRESSES, "addresses")
        await deps.addresses.add(address)
        await _changed(deps, uow, address, "added")
    return address_view(address)


async def update_address(cmd: m.UpdateAddress, deps: CustomersDeps) -> m.Address:
    async with deps.uow() as uow:
        live(await deps.profiles.get(cmd.customer_id, lock=True), cmd.customer_id)
        address = found(await deps.addresses.get(cmd.customer_id, cmd.address_id), "address", cmd.address_id)
        updated = changed(address, address_fields(cmd), deps.clock())
        if replace(updated, updated_at=address.updated_at) == address:
            return address_view(address)
        await deps.addresses.save(updated)
        await _changed(deps, uow, updated, "updated")
    return address_view(updated)


async def remove_address(cmd: m.RemoveAddress, deps: CustomersDeps) -> None:
    async with deps.uow() as uow:
        live(await deps.profiles.get(cmd.customer_id, lock=True), cmd.customer_id)
        address = found(await deps.addresses.get(cmd.customer_id, cmd.address_id), "address", cmd.address_id)
        await deps.addresses.remove(cmd.customer_id, cmd.address_id)
        await _changed(deps, uow, address, "removed")


async def _changed(deps: CustomersDeps, uow: UnitOfWork, address: Address, change: str) -> None:
    """Announce the change, re-evaluate rule segments (country rules) and commit."""
    shipping = next((a for a in await deps.addresses.of(address.customer_id) if a.default_shipping), None)
    uow.add(
        m.AddressBookChanged(
            customer_id=address.customer_id,
            address_id=address.id,
            change=change,
            country=shipping.country if shipping else None,
        )
    )
    await refresh_memberships(deps, uow, address.customer_id)
    await uow.commit()


HANDLERS: dict[type[Message], Handler] = {
    m.ListAddresses: list_addresses,
    m.AddAddress: add_address,
    m.UpdateAddress: update_address,
    m.RemoveAddress: remove_address,
}
