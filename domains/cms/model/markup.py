"""Bodies: Markdown rendered to HTML, every HTML sanitised, and plain text for search."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import nh3
from markdown_it import MarkdownIt

if TYPE_CHECKING:
    from domains.cms.messages import BodyFormat

EXCERPT_LENGTH = 200
# Blocks whose edges separate words in the plain text.
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "hr",
        "figure",
        "figcaption",
        "section",
        "article",
    }
)
_SPACES = re.compile(r"\s+")

_markdown = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_cleaner = nh3.Cleaner(
    url_schemes={"http", "https", "mailto", "tel"},
    link_rel="noopener noreferrer nofollow",
)


def sanitise(html: str) -> str:
    """HTML with scripts, event handlers and unsafe URLs removed."""
    return _cleaner.clean(html)


def render(body: str, body_format: BodyFormat) -> str:
    """The safe HTML to show for a body written in ``body_format``."""
    return sanitise(_markdown.render(body) if body_format == "markdown" else body)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """The words of an HTML fragment, tags dropped and entities decoded."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return _SPACES.sub(" ", "".join(collector.parts)).strip()


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The first ``length`` characters of ``text``, cut at a word boundary."""
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0] or text[:length]
    return cut.rstrip(" ,.;:") + "…"
