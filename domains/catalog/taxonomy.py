"""Categories (a tree addressed by slug paths) and brands. No I/O.

A category's ``path`` is the slugs from the root down to it, joined by '/'
("electronics/phones/smartphones"), so a subtree is every path that starts
with it. Slugs are unique across the whole catalogue, so ``?category=phones``
needs no path.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from core.errors import FieldError, Invalid

if TYPE_CHECKING:
    from uuid import UUID

MAX_DEPTH = 8


@dataclass
class Category:
    id: UUID
    slug: str
    name: str
    description: str = ""
    parent_id: UUID | None = None
    path: str = ""
    depth: int = 0
    position: int = 0

    def contains(self, other: Category) -> bool:
        """True when ``other`` is this category or lies below it."""
        return other.id == self.id or (bool(self.path) and other.path.startswith(f"{self.path}/"))

    def place_under(self, parent: Category | None) -> None:
        """Hang this category under ``parent`` (None: a root) and recompute its path."""
        if parent is None:
            self.parent_id, self.path, self.depth = None, self.slug, 0
            return
        if self.contains(parent):
            raise Invalid(
                "a category cannot move below itself", errors=[_parent_error("is this category or below it")]
            )
        if parent.depth + 1 >= MAX_DEPTH:
            raise Invalid(
                "the category tree is too deep", errors=[_parent_error(f"at most {MAX_DEPTH} levels")]
            )
        self.parent_id, self.path, self.depth = parent.id, f"{parent.path}/{self.slug}", parent.depth + 1


def repath(moved: Category, old_path: str, descendants: list[Category]) -> list[Category]:
    """The descendants of a category whose path was ``old_path``, under its new path."""
    shift = moved.depth - old_path.count("/")
    result = [
        replace(d, path=moved.path + d.path[len(old_path) :], depth=d.depth + shift) for d in descendants
    ]
    if any(d.depth >= MAX_DEPTH for d in result):
        raise Invalid("the category tree is too deep", errors=[_parent_error(f"at most {MAX_DEPTH} levels")])
    return result


def trail(category_id: UUID | None, by_id: dict[UUID, Category]) -> list[Category]:
    """The categories from the root down to ``category_id`` (empty for none)."""
    found: list[Category] = []
    current = by_id.get(category_id) if category_id is not None else None
    while current is not None and len(found) <= MAX_DEPTH:
        found.append(current)
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return found[::-1]


def _parent_error(message: str) -> FieldError:
    return FieldError("parent_id", message)


@dataclass
class Brand:
    id: UUID
    slug: str
    name: str
    description: str = ""
    logo_url: str | None = None
