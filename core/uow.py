"""Unit of work: one database transaction, its outbox and its inbox record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, Self

if TYPE_CHECKING:
    from types import TracebackType

    from core.messages import Event
    from core.model import Aggregate


class UnitOfWork(Protocol):
    """``async with uow:`` rolls back unless ``commit()`` was called.

    Entered again inside an open unit of work it joins the outer one: only the
    outermost commit writes. Events added are written to the outbox in the same
    transaction, so they are published if and only if the change commits.
    """

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def add(self, *events: Event) -> None: ...

    def collect(self, *aggregates: Aggregate) -> None:
        """Move the events these aggregates raised into this unit of work (emptying their lists)."""
        ...

    async def commit(self) -> None: ...

    async def claim(self, consumer: str, message_id: str) -> bool:
        """Record that ``consumer`` processes ``message_id``; False if it already did."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
