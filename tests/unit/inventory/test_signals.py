"""What a change of a SKU's available announces: a growing version, and each alarm once per crossing."""

from __future__ import annotations

from domains.inventory.messages import StockChanged, StockDepleted, StockLow, StockReplenished
from domains.inventory.model.signals import Signal


def names(signal: Signal) -> list[str]:
    found = [type(event).__name__ for event in signal.events]
    signal.events.clear()
    return found


def test_every_change_of_available_is_announced_with_a_growing_version() -> None:
    signal = Signal(sku="MUG-1", available=5, version=7)

    signal.settle(3)
    signal.settle(3)
    signal.settle(4)

    changes = [e for e in signal.events if isinstance(e, StockChanged)]
    assert [(e.available, e.version) for e in changes] == [(3, 8), (4, 9)]


def test_low_stock_is_raised_once_per_crossing_and_rearmed_above_the_threshold() -> None:
    signal = Signal(sku="MUG-1", available=10, threshold=3)

    signal.settle(3)
    first = names(signal)
    signal.settle(2)
    second = names(signal)
    signal.settle(4)
    signal.settle(1)
    third = signal.events

    assert first == ["StockChanged", "StockLow"]
    assert second == ["StockChanged"]
    assert [e for e in third if isinstance(e, StockLow)] == [StockLow(sku="MUG-1", available=1, threshold=3)]


def test_reaching_zero_depletes_and_leaving_zero_replenishes() -> None:
    signal = Signal(sku="MUG-1", available=2)

    signal.settle(0)
    depleted = names(signal)
    signal.settle(0)
    unchanged = names(signal)
    signal.settle(6)

    assert depleted == ["StockChanged", "StockDepleted"]
    assert unchanged == []
    assert signal.events[1:] == [StockReplenished(sku="MUG-1", available=6)]


def test_a_new_sku_receiving_its_first_units_is_replenished() -> None:
    signal = Signal(sku="NEW-1")

    signal.settle(10)

    assert signal.events == [
        StockChanged(sku="NEW-1", available=10, version=1),
        StockReplenished(sku="NEW-1", available=10),
    ]


def test_setting_a_threshold_above_what_is_available_raises_low_stock_once() -> None:
    signal = Signal(sku="MUG-1", available=4)

    signal.set_threshold(5)
    signal.set_threshold(6)

    assert signal.events == [StockLow(sku="MUG-1", available=4, threshold=5)]
    assert signal.low


def test_clearing_the_threshold_silences_low_stock() -> None:
    signal = Signal(sku="MUG-1", available=4, threshold=5, low=True)

    signal.set_threshold(None)
    signal.settle(1)

    assert not signal.low
    assert not [e for e in signal.events if isinstance(e, (StockLow, StockDepleted))]
