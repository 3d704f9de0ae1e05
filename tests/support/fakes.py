"""The one in-memory unit of work for unit tests of handlers (it subclasses the real port),
and the one fake bus that answers other domains' queries.

``Transactions()`` is the factory handlers receive as ``deps.uow``. Entered
inside an open unit it joins the outer one, as the port promises: only the
outermost commit publishes. ``claim`` remembers what each consumer processed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from core.uow import UnitOfWork

if TYPE_CHECKING:
    from core.messages import Event
    from core.model import Aggregate


class Transactions:
    """A unit-of-work factory that keeps what was committed, in order."""

    def __init__(self) -> None:
        self.committed: list[Event] = []
        self.claimed: set[tuple[str, str]] = set()
        self.open: list[FakeUnitOfWork] = []
        self.commits = 0

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)

    def types(self) -> list[str]:
        return [type(event).__name__ for event in self.committed]

    def of_type(self, cls: type[Event]) -> list[Event]:
        return [event for event in self.committed if isinstance(event, cls)]


class FakeUnitOfWork(UnitOfWork):
    def __init__(self, owner: Transactions) -> None:
        self._owner = owner
        self._outer: FakeUnitOfWork | None = None
        self._events: list[Event] = []
        self._claims: set[tuple[str, str]] = set()

    async def __aenter__(self) -> FakeUnitOfWork:
        self._outer = self._owner.open[-1] if self._owner.open else None
        self._owner.open.append(self)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._owner.open.pop()
        if self._outer is None:
            self._events.clear()
            self._claims.clear()

    @property
    def _root(self) -> FakeUnitOfWork:
        return self._outer._root if self._outer is not None else self

    def add(self, *events: Event) -> None:
        self._root._events.extend(events)

    def collect(self, *aggregates: Aggregate) -> None:
        for aggregate in aggregates:
            self.add(*aggregate.events)
            aggregate.events.clear()

    async def commit(self) -> None:
        if self._outer is not None:
            return
        self._owner.committed.extend(self._events)
        self._owner.claimed |= self._claims
        self._owner.commits += 1
        self._events.clear()
        self._claims.clear()

    async def claim(self, consumer: str, message_id: str) -> bool:
        root, key = self._root, (consumer, message_id)
        if key in self._owner.claimed or key in root._claims:
            return False
        root._claims.add(key)
        return True


class AnsweringBus:
    """A bus whose queries are answered by functions, by query type; it records what was asked.

    A query no function answers is a test error: the handler asked something unexpected.
    """

    def __init__(self, answers: Mapping[type, Callable[[Any], Any]] | None = None) -> None:
        self.answers: dict[type, Callable[[Any], Any]] = dict(answers or {})
        self.asked: list[Any] = []

    def answer(self, kind: type, reply: Callable[[Any], Any]) -> None:
        self.answers[kind] = reply

    async def ask(self, query: Any, *, timeout: float | None = None) -> Any:
        self.asked.append(query)
        answer = self.answers.get(type(query))
        assert answer is not None, f"no answer for {type(query).__name__}"
        return answer(query)
