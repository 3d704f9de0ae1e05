"""What every domain model shares: aggregates record the events their changes raise.

An aggregate keeps the events in ``events``; it never publishes them. The
handler hands the changed aggregates to ``uow.collect(...)``, which moves their
events to the outbox of the same transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from core.messages import Event


class Aggregate(Protocol):
    """An entity whose changes raise events, kept in ``events`` until a unit of work collects them.

    A dataclass aggregate declares ``events: list[Event] = field(default_factory=list,
    compare=False, repr=False)`` and appends to it in its methods.
    """

    @property
    def events(self) -> list[Event]: ...
