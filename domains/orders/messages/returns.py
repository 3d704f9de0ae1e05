"""Returns (RMA): a shopper asks to send delivered units back; staff approve or reject, receive them
(restocked or written off), and the received lines' paid amount is refunded to the original payment."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query
from core.money import Money
from domains.inventory.messages import ItemQuantity

ReturnStatus = Literal["requested", "approved", "rejected", "received", "refunded"]


class ReceivedItem(msgspec.Struct, frozen=True, kw_only=True):
    """Units that came back: put back on the shelf (``restock``) or written off."""

    sku: str
    quantity: int
    restock: bool = True


class RestockedItem(msgspec.Struct, frozen=True, kw_only=True):
    """Units put back into the warehouse (its code) they were allocated from."""

    sku: str
    warehouse: str
    quantity: int


class ReturnStatusChange(msgspec.Struct, frozen=True, kw_only=True):
    status: ReturnStatus
    at: datetime
    actor: str
    reason: str | None = None


class ReturnView(msgspec.Struct, frozen=True, kw_only=True):
    """A return: what was asked back, what came back, where it went, what was refunded."""

    id: UUID
    order_id: UUID
    order_number: str
    status: ReturnStatus
    items: list[ItemQuantity]
    reason: str
    received: list[ReceivedItem]
    restocked: list[RestockedItem]
    refund: Money | None
    rejection_reason: str | None
    status_history: list[ReturnStatusChange]
    requested_at: datetime


class ReturnPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ReturnView]
    next_cursor: str | None = None


class RequestReturn(Command[ReturnView], frozen=True, kw_only=True, tag="orders.RequestReturn"):
    """Ask to return units of a delivered order within the return window (Conflict before delivery
    or past the window); more units than are left to return is Invalid naming ``items[i].quantity``,
    a SKU not in the order Invalid naming ``items[i].sku``. ``customer_id`` (or the guest's
    ``order_token``) must own the order."""

    key_field = "order_id"
    order_id: UUID
    customer_id: UUID | None
    items: list[ItemQuantity]
    reason: str
    actor: str
    order_token: str | None = None


class ApproveReturn(Command[ReturnView], frozen=True, kw_only=True, tag="orders.ApproveReturn"):
    key_field = "return_id"
    return_id: UUID
    actor: str


class RejectReturn(Command[ReturnView], frozen=True, kw_only=True, tag="orders.RejectReturn"):
    key_field = "return_id"
    return_id: UUID
    actor: str
    reason: str


class ReceiveReturn(Command[ReturnView], frozen=True, kw_only=True, tag="orders.ReceiveReturn"):
    """The approved units came back: restock them (``inventory.AdjustStock``, kind return) or write
    them off, then refund their paid amount (``payments.RefundPayment``). ``items`` None: every
    approved unit, restocked. Repeating it for a received return finishes its restock and refund."""

    key_field = "return_id"
    return_id: UUID
    actor: str
    items: list[ReceivedItem] | None = None


class GetReturn(Query[ReturnView], frozen=True, kw_only=True, tag="orders.GetReturn"):
    """One return (staff)."""

    return_id: UUID


class ListReturns(Query[list[ReturnView]], frozen=True, kw_only=True, tag="orders.ListReturns"):
    """The returns of one order, oldest first, for its owner (or the guest with its token) or staff."""

    order_id: UUID
    customer_id: UUID | None
    order_token: str | None = None
    as_staff: bool = False


class ListAllReturns(Query[ReturnPage], frozen=True, kw_only=True, tag="orders.ListAllReturns"):
    """Every return, newest first, optionally of one status (staff)."""

    status: ReturnStatus | None = None
    limit: int = 20
    cursor: str | None = None


class ReturnRequested(Event, frozen=True, kw_only=True, tag="orders.ReturnRequested"):
    key_field = "order_id"
    return_id: UUID
    order_id: UUID
    email: str | None
    items: list[ItemQuantity]


class ReturnApproved(Event, frozen=True, kw_only=True, tag="orders.ReturnApproved"):
    key_field = "order_id"
    return_id: UUID
    order_id: UUID
    email: str | None


class ReturnRejected(Event, frozen=True, kw_only=True, tag="orders.ReturnRejected"):
    key_field = "order_id"
    return_id: UUID
    order_id: UUID
    email: str | None
    reason: str


class ReturnReceived(Event, frozen=True, kw_only=True, tag="orders.ReturnReceived"):
    key_field = "order_id"
    return_id: UUID
    order_id: UUID
    email: str | None
