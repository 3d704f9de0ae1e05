"""Receiving a return: what came back is fixed with the amount due (one transaction, ``ReturnReceived``),
then each restock goes to inventory (``AdjustStock``, kind return) and the refund to payments.

Both look in the other domain's ledger first (the movement or refund named after the return), so
finishing a receipt that stopped half way, by repeating it or by recovery, never does one twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import NotFound, Unavailable
from core.money import Money
from core.validation import found
from domains.inventory.messages import AdjustStock, GetAllocation, ListMovements, ListWarehouses
from domains.orders.handlers.refunds import apply_refund, refund_payment
from domains.orders.messages import ReceivedItem, ReceiveReturn, ReturnView
from domains.orders.model import check_received, refund_due, restock_plan, status_after
from domains.payments.messages import GetPayment, ListPaymentTransactions

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.inventory.messages import AllocationLine
    from domains.orders.model import Return
    from domains.orders.ports import OrdersDeps

LEDGER_LOOKBACK = 100


async def _allocation(deps: OrdersDeps, order_id: UUID) -> tuple[list[AllocationLine], str]:
    """Where the order's units came from, and the warehouse for units beyond that (the first one)."""
    try:
        lines = (await deps.bus.ask(GetAllocation(order_id=order_id))).lines
    except NotFound:
        lines = []
    if lines:
        return lines, lines[0].warehouse
    warehouses = await deps.bus.ask(ListWarehouses())
    if not warehouses:
        raise Unavailable("no warehouse exists to take the returned units back")
    return lines, warehouses[0].code


async def _receive(deps: OrdersDeps, asked: Return, cmd: ReceiveReturn) -> Return:
    received = (
        check_received(asked, cmd.items)
        if cmd.items is not None
        else [ReceivedItem(sku=item.sku, quantity=item.quantity) for item in asked.items]
    )
    allocation, fallback = await _allocation(deps, asked.order_id)
    async with deps.uow() as uow:
        order = found(await deps.orders.get(asked.order_id, lock=True), "order", asked.order_id)
        asked = found(await deps.returns.get(asked.id, lock=True), "return", asked.id)
        earlier = [r for r in await deps.returns.of_order(order.id) if r.id != asked.id]
        plan = restock_plan(received, allocation, earlier, fallback)
        asked.receive(cmd.actor, received, plan, refund_due(order, earlier, received), deps.clock())
        await deps.returns.save(asked)
        order.settle(status_after(order, [*earlier, asked]), cmd.actor, deps.clock())
        await deps.orders.save(order)
        uow.collect(asked, order)
        await uow.commit()
    return asked


async def _in_stock_ledger(deps: OrdersDeps, sku: str, reason: str) -> bool:
    movements = await deps.bus.ask(ListMovements(sku=sku, limit=LEDGER_LOOKBACK))
    return any(m.kind == "return" and m.reason == reason for m in movements.items)


async def _restock(deps: OrdersDeps, asked: Return, actor: str) -> Return:
    for index, entry in enumerate(asked.restocks):
        if entry.done:
            continue
        reason = f"return {asked.id} #{index + 1}"
        if not await _in_stock_ledger(deps, entry.sku, reason):
            await deps.bus.send(
                AdjustStock(
                    sku=entry.sku,
                    warehouse=entry.warehouse,
                    delta=entry.quantity,
                    reason=reason,
                    actor=actor,
                    kind="return",
                )
            )
        async with deps.uow() as uow:
            asked = found(await deps.returns.get(asked.id, lock=True), "return", asked.id)
            asked.restocked(index, deps.clock())
            await deps.returns.save(asked)
            await uow.commit()
    return asked


async def _refunded_before(deps: OrdersDeps, order_id: UUID, reason: str) -> int | None:
    """What payments already refunded for this return (None: nothing); one in flight is a 503."""
    for line in await deps.bus.ask(ListPaymentTransactions(order_id=order_id)):
        if line.kind == "refund" and line.reason == reason:
            if line.outcome == "pending":
                raise Unavailable("the refund of this return is in flight; try again shortly", retry_after=1)
            if line.outcome == "succeeded":
                return line.amount.amount
    return None


async def _refund(deps: OrdersDeps, asked: Return, actor: str) -> Return:
    """Refund what the return is due (at most what the payment has left), then mark it refunded."""
    reason, due = f"return {asked.id}", asked.refund or 0
    payment = None
    amount = await _refunded_before(deps, asked.order_id, reason) if due else 0
    if amount is None:
        payment = await deps.bus.ask(GetPayment(order_id=asked.order_id))
        amount = min(due, payment.captured.amount - payment.refunded.amount)
        if amount > 0:
            money = Money(amount=amount, currency=asked.currency)
            payment = await refund_payment(deps, asked.order_id, money, reason)
    elif due:
        payment = await deps.bus.ask(GetPayment(order_id=asked.order_id))
    async with deps.uow() as uow:
        order = found(await deps.orders.get(asked.order_id, lock=True), "order", asked.order_id)
        asked = found(await deps.returns.get(asked.id, lock=True), "return", asked.id)
        if asked.status == "received":
            asked.refunded(max(amount, 0), actor, deps.clock())
            await deps.returns.save(asked)
            total = payment.refunded.amount if payment else order.refunded
            await apply_refund(
                deps,
                order,
                total,
                actor=actor,
                reason=reason,
                returns=await deps.returns.of_order(order.id),
                return_id=asked.id,
                payment_status=payment.status if payment else None,
            )
            await deps.orders.save(order)
            uow.collect(asked, order)
            await uow.commit()
    return asked


async def finish_return(deps: OrdersDeps, return_id: UUID, actor: str) -> Return:
    """Restock and refund a received return, whatever of that is left to do."""
    asked = found(await deps.returns.get(return_id), "return", return_id)
    if asked.status != "received":
        return asked
    return await _refund(deps, await _restock(deps, asked, actor), actor)


async def receive_return(cmd: ReceiveReturn, deps: OrdersDeps) -> ReturnView:
    asked = found(await deps.returns.get(cmd.return_id), "return", cmd.return_id)
    if asked.status != "received":
        asked = await _receive(deps, asked, cmd)
    return (await finish_return(deps, asked.id, cmd.actor)).view()


HANDLERS: dict[type[Message], Handler] = {ReceiveReturn: receive_return}
