"""The cms domain's tables; their schema is created by migrations/cms/."""

from __future__ import annotations

from piccolo.columns import UUID, Array, Boolean, Integer, Text, Timestamptz
from piccolo.table import Table


class CmsContent(Table, tablename="cms_content"):
    """Pages and posts; (kind, slug) is unique."""

    id = UUID(primary_key=True)
    kind = Text()
    slug = Text()
    title = Text()
    body = Text()
    body_format = Text()
    body_html = Text()
    body_text = Text()
    seo_title = Text(null=True)
    seo_description = Text(null=True)
    author = Text(null=True)
    tags = Array(base_column=Text())
    status = Text()
    publish_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class CmsBanner(Table, tablename="cms_banner"):
    id = UUID(primary_key=True)
    title = Text()
    image_url = Text()
    link_url = Text(null=True)
    placement = Text()
    starts_at = Timestamptz(null=True, default=None)
    ends_at = Timestamptz(null=True, default=None)
    priority = Integer()
    active = Boolean()
    created_at = Timestamptz()
    updated_at = Timestamptz()


TABLES = [CmsContent, CmsBanner]
