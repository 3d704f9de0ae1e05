"""Staff routes of the catalogue: products and variants, categories, brands."""

from __future__ import annotations

from domains.catalog.admin.products import ProductAdminController
from domains.catalog.admin.taxonomy import BrandAdminController, CategoryAdminController

ROUTES = [ProductAdminController, CategoryAdminController, BrandAdminController]

__all__ = ["ROUTES"]
