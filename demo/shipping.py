"""Demo shipping: one zone for the whole world and a "Standard" table-rate method, so a new
shop can quote and sell at once.

Running it again adds nothing: it stops as soon as any shipping method exists, and
reuses a "World" zone that is already there.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from core.money import to_minor
from domains.shipping.messages import CreateMethod, CreateZone, ListMethods, ListZones, ShippingRate

if TYPE_CHECKING:
    from core.bus import MessageBus
    from domains.shipping.messages import Zone

# (up to grams, price in major units of the shop's default currency)
BANDS = [(2000, Decimal("4.90")), (10000, Decimal("9.90")), (30000, Decimal("19.90"))]
FREE_OVER = Decimal("100.00")


async def load_shipping(bus: MessageBus, *, currency: str = "EUR") -> None:
    """Create the "World" zone (``["*"]``) and its "Standard" method unless a method exists;
    ``currency`` is the shop's default one, in which the shipping domain prices methods."""
    if (await bus.ask(ListMethods(limit=1))).items:
        return
    world = await _zone_named(bus, "World")
    if world is None:
        world = await bus.send(CreateZone(name="World", countries=["*"]))
    rates = [ShippingRate(max_weight_grams=grams, price=to_minor(price, currency)) for grams, price in BANDS]
    await bus.send(
        CreateMethod(zone_id=world.id, name="Standard", rates=rates, free_over=to_minor(FREE_OVER, currency))
    )


async def _zone_named(bus: MessageBus, name: str) -> Zone | None:
    """The shop's zone called ``name``, looked for page by page."""
    cursor: str | None = None
    while True:
        page = await bus.ask(ListZones(limit=100, cursor=cursor))
        found = next((zone for zone in page.items if zone.name == name), None)
        if found is not None or (cursor := page.next_cursor) is None:
            return found
