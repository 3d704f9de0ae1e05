"""Categories (a tree addressed by slug paths) and brands, and the events their changes raise. No I/O.

A category's ``path`` is the slugs from the root down to it, joined by '/'
("electronics/phones/smartphones"), so a subtree is every path that starts
with it. Slugs are unique across the whole catalogue, so ``?category=phones``
needs no path.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from msgspec import UNSET

from core.errors import FieldError, Invalid
from domains.catalog.messages import (
    BrandChanged,
    BrandDetails,
    BrandRef,
    BrandRemoved,
    CategoryChanged,
    CategoryDetails,
    CategoryNode,
    CategoryRef,
    CategoryRemoved,
)
from domains.catalog.model import rich_text, url

if TYPE_CHECKING:
    from uuid import UUID

    from core.messages import Event
    from core.validation import Findings
    from domains.catalog.messages import UpdateBrand, UpdateCategory

MAX_DEPTH, NAME_LENGTH, DESCRIPTION_LENGTH, MAX_POSITION = 8, 100, 5000, 1_000_000


def name(value: str, found: Findings) -> str:
    return found.text(value, "name", longest=NAME_LENGTH)


def description(value: str, found: Findings) -> str:
    return rich_text(value, found, "description", longest=DESCRIPTION_LENGTH)


def position(value: int, found: Findings, field: str = "position") -> int:
    if not -MAX_POSITION <= value <= MAX_POSITION:
        found.add(field, f"must be between -{MAX_POSITION} and {MAX_POSITION}")
    return value


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
    events: list[Event] = field(default_factory=list, init=False, compare=False, repr=False)

    def contains(self, other: Category) -> bool:
        """True when ``other`` is this category or lies below it."""
        return other.id == self.id or (bool(self.path) and other.path.startswith(f"{self.path}/"))

    def revise(self, cmd: UpdateCategory, found: Findings) -> None:
        """Apply the name, description and position ``cmd`` sets (slug and parent are the handler's)."""
        if cmd.name is not UNSET:
            self.name = name(cmd.name, found)
        if cmd.description is not UNSET:
            self.description = description(cmd.description, found)
        if cmd.position is not UNSET:
            self.position = position(cmd.position, found)

    def place_under(self, parent: Category | None) -> None:
        """Hang this category under ``parent`` (None: a root) and recompute its path."""
        if parent is None:
            self.parent_id, self.path, self.depth = None, self.slug, 0
            return
        if self.contains(parent):
            raise Invalid(
                "a category cannot move below itself", errors=[_parent("is this category or below it")]
            )
        if parent.depth + 1 >= MAX_DEPTH:
            raise Invalid("the category tree is too deep", errors=[_parent(f"at most {MAX_DEPTH} levels")])
        self.parent_id, self.path, self.depth = parent.id, f"{parent.path}/{self.slug}", parent.depth + 1

    def changed(self) -> None:
        self.events.append(
            CategoryChanged(
                category_id=self.id,
                slug=self.slug,
                name=self.name,
                parent_id=self.parent_id,
                path=self.path,
                position=self.position,
            )
        )

    def remove(self) -> None:
        self.events.append(CategoryRemoved(category_id=self.id, slug=self.slug, path=self.path))

    def ref(self) -> CategoryRef:
        return CategoryRef(id=self.id, slug=self.slug, name=self.name, path=self.path)

    def details(self) -> CategoryDetails:
        return CategoryDetails(
            id=self.id,
            slug=self.slug,
            name=self.name,
            description=self.description,
            parent_id=self.parent_id,
            path=self.path,
            depth=self.depth,
            position=self.position,
        )


def repath(moved: Category, old_path: str, descendants: list[Category]) -> list[Category]:
    """The descendants of a category whose path was ``old_path``, under its new path (each announced)."""
    shift = moved.depth - old_path.count("/")
    result = [
        replace(d, path=moved.path + d.path[len(old_path) :], depth=d.depth + shift) for d in descendants
    ]
    if any(d.depth >= MAX_DEPTH for d in result):
        raise Invalid("the category tree is too deep", errors=[_parent(f"at most {MAX_DEPTH} levels")])
    for category in result:
        category.changed()
    return result


def trail(category_id: UUID | None, by_id: dict[UUID, Category]) -> list[Category]:
    """The categories from the root down to ``category_id`` (empty for none)."""
    found: list[Category] = []
    current = by_id.get(category_id) if category_id is not None else None
    while current is not None and len(found) <= MAX_DEPTH:
        found.append(current)
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return found[::-1]


def tree(categories: list[Category]) -> list[CategoryNode]:
    """The forest of categories, siblings ordered by position then name."""
    children: dict[UUID | None, list[Category]] = defaultdict(list)
    for category in categories:
        children[category.parent_id].append(category)

    def nodes(parent_id: UUID | None) -> list[CategoryNode]:
        ordered = sorted(children.get(parent_id, []), key=lambda c: (c.position, c.name.casefold()))
        return [
            CategoryNode(id=c.id, slug=c.slug, name=c.name, path=c.path, children=nodes(c.id))
            for c in ordered
        ]

    return nodes(None)


def _parent(message: str) -> FieldError:
    return FieldError("parent_id", message)


@dataclass
class Brand:
    id: UUID
    slug: str
    name: str
    description: str = ""
    logo_url: str | None = None
    events: list[Event] = field(default_factory=list, init=False, compare=False, repr=False)

    def revise(self, cmd: UpdateBrand, found: Findings) -> None:
        """Apply the name, description and logo ``cmd`` sets (the slug is the handler's)."""
        if cmd.name is not UNSET:
            self.name = name(cmd.name, found)
        if cmd.description is not UNSET:
            self.description = description(cmd.description, found)
        if cmd.logo_url is not UNSET:
            self.logo_url = logo(cmd.logo_url, found)

    def changed(self) -> None:
        self.events.append(BrandChanged(brand_id=self.id, slug=self.slug, name=self.name))

    def remove(self) -> None:
        self.events.append(BrandRemoved(brand_id=self.id, slug=self.slug))

    def ref(self) -> BrandRef:
        return BrandRef(id=self.id, slug=self.slug, name=self.name)

    def details(self) -> BrandDetails:
        return BrandDetails(
            id=self.id, slug=self.slug, name=self.name, description=self.description, logo_url=self.logo_url
        )


def logo(value: str | None, found: Findings) -> str | None:
    return url(value, found, "logo_url") if value is not None else None
