"""Typed registries of providers (search engines, tax, payment, shipping, notification channels).

A registry maps a provider name to a factory that builds the port's adapter
from the settings. Mercato registers its own providers in code; third parties
add theirs through the entry point group ``mercato.<port>_providers`` or the one the
registry names (the
entry point's name is the provider name, its object the factory), so plugging
one in needs no change to Mercato. ``create`` builds the one the settings name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib.metadata import entry_points
from typing import Any, Generic, TypeVar

P = TypeVar("P")
Factory = Callable[..., P]
F = TypeVar("F", bound=Callable[..., Any])


class UnknownProvider(LookupError):
    def __init__(self, port: str, name: str, known: Iterable[str]) -> None:
        super().__init__(f"unknown {port} provider {name!r}; known: {', '.join(sorted(known))}")
        self.port = port
        self.name = name


class Registry(Generic[P]):
    """The providers of one port, by name: built-in ones plus those found through entry points."""

    def __init__(self, port: str, group: str | None = None) -> None:
        self.port = port
        self.group = group or f"mercato.{port}_providers"
        self._factories: dict[str, Factory[P]] = {}
        self._loaded = False

    def register(self, name: str, factory: Factory[P]) -> None:
        """Add (or replace) the factory of ``name``."""
        self._factories[name] = factory

    def provider(self, name: str) -> Callable[[F], F]:
        """A decorator registering the decorated factory as ``name``."""

        def decorate(factory: F) -> F:
            self.register(name, factory)
            return factory

        return decorate

    def names(self) -> list[str]:
        self._load_entry_points()
        return sorted(self._factories)

    def factory(self, name: str) -> Factory[P]:
        self._load_entry_points()
        if name not in self._factories:
            raise UnknownProvider(self.port, name, self._factories)
        return self._factories[name]

    def create(self, name: str, *args: Any, **kwargs: Any) -> P:
        """The adapter of provider ``name``, built by its factory from these arguments."""
        return self.factory(name)(*args, **kwargs)

    def _load_entry_points(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        for point in entry_points(group=self.group):
            self._factories.setdefault(point.name, point.load())
