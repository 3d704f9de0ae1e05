"""What the catalogue, search and CMS enforce on input is in the OpenAPI document too."""

from __future__ import annotations

from typing import Any

import pytest

from app import create_app
from config.settings import Settings


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    app = create_app(Settings(secret_key="k" * 40, database_url="postgresql:///unused", log_level="warning"))
    return app.openapi_schema.to_schema()


def parameter(document: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name)
    return found


@pytest.mark.parametrize("path", ["/products", "/search"])
@pytest.mark.parametrize("name", ["min_price", "max_price"])
def test_price_filters_are_at_least_zero(document, path: str, name: str) -> None:
    assert parameter(document, path, name)["schema"]["minimum"] == 0


@pytest.mark.parametrize("path", ["/search", "/search/autocomplete"])
def test_the_searched_text_holds_no_nul_character(document, path: str) -> None:
    assert parameter(document, path, "q")["schema"]["pattern"] == r"^[^\x00]*$"


@pytest.mark.parametrize(("body", "field"), [("VariantCreate", "options"), ("VariantUpdate", "options")])
def test_variant_option_names_state_their_length(document, body: str, field: str) -> None:
    options = document["components"]["schemas"][body]["properties"][field]
    assert options["propertyNames"] == {"type": "string", "minLength": 1, "maxLength": 40}


def test_product_attribute_names_state_their_length(document) -> None:
    attributes = document["components"]["schemas"]["ProductCreate"]["properties"]["attributes"]
    assert attributes["propertyNames"] == {"type": "string", "minLength": 1, "maxLength": 64}


@pytest.mark.parametrize("body", ["PostCreate", "PostUpdate"])
def test_post_tags_state_how_many_and_how_long(document, body: str) -> None:
    tags = document["components"]["schemas"][body]["properties"]["tags"]
    assert tags["maxItems"] == 20
    assert tags["items"]["maxLength"] == 40
