"""The catalogue's contract for its shelves: the category tree and brands."""

from __future__ import annotations

from uuid import UUID, uuid4

import msgspec
from msgspec import UNSET, UnsetType

from core.messages import Command, Event, Query

# Replies -----------------------------------------------------------------


class BrandRef(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str


class CategoryRef(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    path: str


class CategoryDetails(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    description: str
    parent_id: UUID | None
    path: str
    depth: int
    position: int


class CategoryNode(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    path: str
    children: list[CategoryNode] = []


class BrandDetails(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    description: str
    logo_url: str | None


class BrandPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[BrandDetails]
    next_cursor: str | None = None


# Commands -----------------------------------------------------------------


class CreateCategory(Command[CategoryDetails], frozen=True, kw_only=True, tag="catalog.CreateCategory"):
    key_field = "category_id"
    category_id: UUID = msgspec.field(default_factory=uuid4)
    name: str
    slug: str | None = None
    parent_id: UUID | None = None
    description: str = ""
    position: int = 0


class UpdateCategory(Command[CategoryDetails], frozen=True, kw_only=True, tag="catalog.UpdateCategory"):
    key_field = "category_id"
    category_id: UUID
    name: str | UnsetType = UNSET
    slug: str | UnsetType = UNSET
    parent_id: UUID | UnsetType | None = UNSET
    description: str | UnsetType = UNSET
    position: int | UnsetType = UNSET


class DeleteCategory(Command[None], frozen=True, kw_only=True, tag="catalog.DeleteCategory"):
    key_field = "category_id"
    category_id: UUID


class CreateBrand(Command[BrandDetails], frozen=True, kw_only=True, tag="catalog.CreateBrand"):
    key_field = "brand_id"
    brand_id: UUID = msgspec.field(default_factory=uuid4)
    name: str
    slug: str | None = None
    description: str = ""
    logo_url: str | None = None


class UpdateBrand(Command[BrandDetails], frozen=True, kw_only=True, tag="catalog.UpdateBrand"):
    key_field = "brand_id"
    brand_id: UUID
    name: str | UnsetType = UNSET
    slug: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    logo_url: str | UnsetType | None = UNSET


class DeleteBrand(Command[None], frozen=True, kw_only=True, tag="catalog.DeleteBrand"):
    key_field = "brand_id"
    brand_id: UUID


# Queries ------------------------------------------------------------------


class GetCategoryTree(Query[list[CategoryNode]], frozen=True, kw_only=True, tag="catalog.GetCategoryTree"):
    pass


class ListCategories(Query[list[CategoryDetails]], frozen=True, kw_only=True, tag="catalog.ListCategories"):
    pass


class GetCategory(Query[CategoryDetails], frozen=True, kw_only=True, tag="catalog.GetCategory"):
    category_id: UUID


class ListBrands(Query[BrandPage], frozen=True, kw_only=True, tag="catalog.ListBrands"):
    limit: int = 20
    cursor: str | None = None


class GetBrand(Query[BrandDetails], frozen=True, kw_only=True, tag="catalog.GetBrand"):
    brand_id: UUID


# Events -------------------------------------------------------------------


class CategoryChanged(Event, frozen=True, kw_only=True, tag="catalog.CategoryChanged"):
    """A category was created or changed (a move re-paths its descendants: one event each)."""

    key_field = "category_id"
    category_id: UUID
    slug: str
    name: str
    parent_id: UUID | None
    path: str
    position: int


class CategoryRemoved(Event, frozen=True, kw_only=True, tag="catalog.CategoryRemoved"):
    key_field = "category_id"
    category_id: UUID
    slug: str
    path: str


class BrandChanged(Event, frozen=True, kw_only=True, tag="catalog.BrandChanged"):
    key_field = "brand_id"
    brand_id: UUID
    slug: str
    name: str


class BrandRemoved(Event, frozen=True, kw_only=True, tag="catalog.BrandRemoved"):
    key_field = "brand_id"
    brand_id: UUID
    slug: str
