"""Staff routes for products and their variants (``catalog:read`` / ``catalog:write``)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from core.controllers import Bus, Cursor, Limit, message, shaped
from core.guards import staff
from core.http import errors
from core.paging import DEFAULT_LIMIT
from domains.catalog.messages import (
    AddVariant,
    ArchiveProduct,
    CreateProduct,
    DeleteProduct,
    GetProduct,
    ListProducts,
    NewVariant,
    ProductDetails,
    PublishProduct,
    RemoveVariant,
    Sort,
    Status,
    UpdateProduct,
    UpdateVariant,
)
from domains.catalog.schemas import (
    ProductCreate,
    ProductRemoval,
    ProductUpdate,
    StaffProduct,
    StaffProductCards,
    Variant,
    VariantCreate,
    VariantUpdate,
)

READ, WRITE = [staff("catalog:read")], [staff("catalog:write")]


def _variant(product: ProductDetails, variant_id: UUID) -> Variant:
    return next(shaped(v, Variant) for v in product.variants if v.id == variant_id)


class ProductAdminController(Controller):
    path = "/admin/products"
    tags = ["catalogue: staff"]

    @post(
        "/",
        guards=WRITE,
        operation_id="admin_create_product",
        summary="Create a product (a draft unless `publish`)",
        responses=errors(400, 401, 403, 409, 422),
    )
    async def create(self, bus: Bus, data: JSONBody[ProductCreate]) -> StaffProduct:
        return shaped(await bus.send(message(data, CreateProduct)), StaffProduct)

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_products",
        summary="Products of every status, filtered and paged",
        responses=errors(400, 401, 403, 422),
    )
    async def index(
        self,
        bus: Bus,
        status: FromQuery[Status | None] = None,
        category: FromQuery[str | None] = None,
        brand: FromQuery[str | None] = None,
        q: FromQuery[str | None] = None,
        sort: FromQuery[Sort] = "newest",
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> StaffProductCards:
        query = ListProducts(
            status=status, category=category, brand=brand, q=q, sort=sort, limit=limit, cursor=cursor
        )
        return shaped(await bus.ask(query), StaffProductCards)

    @get(
        "/{product_id:uuid}",
        guards=READ,
        operation_id="admin_get_product",
        summary="A product of any status",
        responses=errors(401, 403, 404),
    )
    async def get(self, bus: Bus, product_id: FromPath[UUID]) -> StaffProduct:
        found = await bus.ask(GetProduct(id_or_slug=str(product_id), published_only=False))
        return shaped(found, StaffProduct)

    @patch(
        "/{product_id:uuid}",
        guards=WRITE,
        operation_id="admin_update_product",
        summary="Change the fields given; `null` clears brand or category",
        responses=errors(400, 401, 403, 404, 409, 422),
    )
    async def update(
        self, bus: Bus, product_id: FromPath[UUID], data: JSONBody[ProductUpdate]
    ) -> StaffProduct:
        return shaped(await bus.send(message(data, UpdateProduct, product_id=product_id)), StaffProduct)

    @post(
        "/{product_id:uuid}/publish",
        guards=WRITE,
        status_code=200,
        operation_id="admin_publish_product",
        summary="Show a draft or archived product to shoppers",
        responses=errors(401, 403, 404, 409),
    )
    async def publish(self, bus: Bus, product_id: FromPath[UUID]) -> StaffProduct:
        return shaped(await bus.send(PublishProduct(product_id=product_id)), StaffProduct)

    @post(
        "/{product_id:uuid}/archive",
        guards=WRITE,
        status_code=200,
        operation_id="admin_archive_product",
        summary="Withdraw a published product from sale",
        responses=errors(401, 403, 404, 409),
    )
    async def archive(self, bus: Bus, product_id: FromPath[UUID]) -> StaffProduct:
        return shaped(await bus.send(ArchiveProduct(product_id=product_id)), StaffProduct)

    @delete(
        "/{product_id:uuid}",
        guards=WRITE,
        status_code=200,
        operation_id="admin_delete_product",
        summary="Delete a never-published product, or archive one that was published",
        responses=errors(401, 403, 404, 409),
    )
    async def remove(self, bus: Bus, product_id: FromPath[UUID]) -> ProductRemoval:
        return shaped(await bus.send(DeleteProduct(product_id=product_id)), ProductRemoval)

    @post(
        "/{product_id:uuid}/variants",
        guards=WRITE,
        operation_id="admin_add_variant",
        summary="Add a variant",
        responses=errors(400, 401, 403, 404, 409, 422),
    )
    async def add_variant(
        self, bus: Bus, product_id: FromPath[UUID], data: JSONBody[VariantCreate]
    ) -> Variant:
        command = AddVariant(product_id=product_id, variant=message(data, NewVariant))
        return _variant(await bus.send(command), command.variant.variant_id)

    @patch(
        "/{product_id:uuid}/variants/{variant_id:uuid}",
        guards=WRITE,
        operation_id="admin_update_variant",
        summary="Change a variant: SKU, price, options, weight, or its `available` stock flag",
        responses=errors(400, 401, 403, 404, 409, 422),
    )
    async def update_variant(
        self, bus: Bus, product_id: FromPath[UUID], variant_id: FromPath[UUID], data: JSONBody[VariantUpdate]
    ) -> Variant:
        command = message(data, UpdateVariant, product_id=product_id, variant_id=variant_id)
        return _variant(await bus.send(command), variant_id)

    @delete(
        "/{product_id:uuid}/variants/{variant_id:uuid}",
        guards=WRITE,
        operation_id="admin_remove_variant",
        summary="Remove a variant (a published product keeps at least one)",
        responses=errors(401, 403, 404, 409),
    )
    async def remove_variant(self, bus: Bus, product_id: FromPath[UUID], variant_id: FromPath[UUID]) -> None:
        await bus.send(RemoveVariant(product_id=product_id, variant_id=variant_id))
