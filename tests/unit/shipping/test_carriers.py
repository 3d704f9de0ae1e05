"""Carriers are providers: table_rate is built in, a third party's arrives through the
``mercato.shipping_carriers`` entry points, and each is built once, when a method first needs it."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.shipping import CARRIERS, InstalledCarriers
from adapters.shipping.table_rate import TableRateCarrier
from config.settings import Settings
from core.money import Money
from core.providers import Registry


class Pigeon:
    built = 0

    def __init__(self) -> None:
        Pigeon.built += 1

    async def rate(self, method: Any, parcel: Any) -> Money | None:
        return Money(amount=1, currency=method.currency)


class FakeEntryPoint:
    name = "pigeon"

    def load(self) -> Any:
        return lambda settings: Pigeon()


def test_the_table_rate_carrier_is_built_in() -> None:
    carriers = InstalledCarriers(Settings())

    assert "table_rate" in carriers.names()
    assert isinstance(carriers.get("table_rate"), TableRateCarrier)
    assert carriers.get("pigeon") is None


def test_a_third_party_carrier_comes_from_its_entry_point_and_is_built_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def entry_points(*, group: str) -> list[FakeEntryPoint]:
        asked.append(group)
        return [FakeEntryPoint()]

    monkeypatch.setattr("core.providers.entry_points", entry_points)
    registry: Registry[Any] = Registry("shipping carrier")
    registry.group = CARRIERS.group
    registry.register("table_rate", lambda settings: TableRateCarrier())
    carriers = InstalledCarriers(Settings(), registry)
    Pigeon.built = 0

    first, again = carriers.get("pigeon"), carriers.get("pigeon")

    assert asked == ["mercato.shipping_carriers"]
    assert carriers.names() == ["pigeon", "table_rate"]
    assert isinstance(first, Pigeon)
    assert first is again
    assert Pigeon.built == 1
