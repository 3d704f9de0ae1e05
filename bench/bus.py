"""Bus round trip: a keyed query through the Mercato bus vs a bare baseline.

In-process: ``bus.ask(query)`` (envelope, actor, dispatch) beside awaiting the
handler directly. NATS: ``NatsBus.ask`` beside a raw nats-py request/reply
with the same payload, against the same server.
"""

from __future__ import annotations

import msgspec

from adapters.bus.inprocess import InProcessBus
from bench.measure import Figures, run_load
from core.actors import Actors
from core.bus import Dispatcher
from core.domain import Domain
from core.messages import MessageTypes, Query
from core.uow import UnitOfWork


class Echoed(msgspec.Struct, frozen=True, kw_only=True):
    sku: str
    quantity: int


class Echo(Query[Echoed], frozen=True, kw_only=True, tag="bench.Echo"):
    key_field = "sku"
    sku: str
    quantity: int


async def echo(query: Echo, deps: object) -> Echoed:
    return Echoed(sku=query.sku, quantity=query.quantity)


DOMAIN = Domain(name="bench", messages=[Echo], handlers={Echo: echo})


def _dispatcher() -> Dispatcher:
    return Dispatcher([DOMAIN], actors=Actors(), uow=_no_uow, types=MessageTypes())


def _no_uow() -> UnitOfWork:
    raise RuntimeError("the bench domain has no subscribers")


def _queries(count: int) -> list[Echo]:
    return [Echo(sku=f"SKU-{i % 64}", quantity=i) for i in range(count)]


async def in_process(total: int, concurrency: int) -> tuple[Figures, Figures]:
    bus = InProcessBus(_dispatcher())
    queries = iter(_queries(total * 3))
    measured = await run_load(
        "in-process bus ask", lambda: bus.ask(next(queries)), total=total, concurrency=concurrency
    )
    baseline = await run_load(
        "baseline: await handler", lambda: echo(next(queries), None), total=total, concurrency=concurrency
    )
    return measured, baseline


async def over_nats(url: str, total: int, concurrency: int) -> tuple[Figures, Figures]:
    import nats
    from nats.aio.msg import Msg

    from adapters.bus.nats import NatsBus

    bus = NatsBus(_dispatcher(), url=url, timeout=5.0)
    await bus.start()
    raw = await nats.connect(url)
    subject = "bench.raw.echo"

    async def reply(msg: Msg) -> None:
        await msg.respond(msg.data)

    await raw.subscribe(subject, queue="bench", cb=reply)
    payload = msgspec.json.encode(Echo(sku="SKU-1", quantity=1))
    queries = iter(_queries(total * 3))
    try:
        measured = await run_load(
            "NATS bus ask", lambda: bus.ask(next(queries)), total=total, concurrency=concurrency
        )
        baseline = await run_load(
            "baseline: raw nats-py request",
            lambda: raw.request(subject, payload, timeout=5),
            total=total,
            concurrency=concurrency,
        )
    finally:
        await raw.close()
        await bus.close()
    return measured, baseline
