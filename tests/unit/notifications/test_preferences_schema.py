"""The preferences update's OpenAPI schema names the channels the server accepts."""

from __future__ import annotations

from typing import Any, get_args

from app import create_app
from config.settings import Settings
from domains.notifications.messages import ChannelKind


def schema_of(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` itself, or the component it refers to (alone or as the only ``oneOf``)."""
    options = schema.get("oneOf", [schema])
    ref = options[0].get("$ref", "") if len(options) == 1 else ""
    return document["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else schema


def test_the_channels_to_update_are_named_in_the_schema_and_no_other_is_allowed() -> None:
    app = create_app(Settings(secret_key="k" * 40, database_url="postgresql:///unused", log_level="warning"))
    document = app.openapi_schema.to_schema()
    body = document["paths"]["/me/notification-preferences"]["patch"]["requestBody"]
    update = schema_of(document, body["content"]["application/json"]["schema"])
    channels = schema_of(document, update["properties"]["channels"])
    assert set(channels["properties"]) == set(get_args(ChannelKind))
    assert channels["additionalProperties"] is False
    choice = schema_of(document, channels["properties"]["sms"])
    assert set(choice["properties"]) == {"transactional", "marketing"}
