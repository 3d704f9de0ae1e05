"""A tiny domain used by runtime tests: it keeps a ledger and reacts to its own events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

from core.domain import Domain, Runtime
from core.errors import Conflict
from core.messages import Command, Event, Query


class Entry(msgspec.Struct, frozen=True, kw_only=True):
    account: str
    amount: int


class Record(Command[Entry], frozen=True, kw_only=True, tag="ledger.Record"):
    key_field = "account"
    account: str
    amount: int


class Recorded(Event, frozen=True, kw_only=True, tag="ledger.Recorded"):
    key_field = "account"
    account: str
    amount: int


class GetBalance(Query[int], frozen=True, kw_only=True, tag="ledger.GetBalance"):
    key_field = "account"
    account: str


@dataclass
class LedgerDeps:
    runtime: Runtime
    seen: list[Recorded] = field(default_factory=list)
    failures_left: int = 0
    balances: dict[str, int] = field(default_factory=dict)


async def record(cmd: Record, deps: LedgerDeps) -> Entry:
    if cmd.amount == 0:
        raise Conflict("zero is not an amount", errors=[])
    async with deps.runtime.uow() as uow:
        uow.add(Recorded(account=cmd.account, amount=cmd.amount))
        await uow.commit()
    return Entry(account=cmd.account, amount=cmd.amount)


async def get_balance(query: GetBalance, deps: LedgerDeps) -> int:
    return deps.balances.get(query.account, 0)


async def when_recorded_update_balance(event: Recorded, deps: LedgerDeps) -> None:
    if deps.failures_left > 0:
        deps.failures_left -= 1
        raise RuntimeError("subscriber failed on purpose")
    deps.seen.append(event)
    deps.balances[event.account] = deps.balances.get(event.account, 0) + event.amount


def ledger_domain(deps_holder: dict[str, Any]) -> Domain:
    def bootstrap(runtime: Runtime) -> LedgerDeps:
        deps_holder["deps"] = LedgerDeps(runtime=runtime)
        return deps_holder["deps"]

    return Domain(
        name="ledger",
        messages=[Record, Recorded, GetBalance],
        handlers={Record: record, GetBalance: get_balance},
        subscriptions={Recorded: [when_recorded_update_balance]},
        bootstrap=bootstrap,
    )
