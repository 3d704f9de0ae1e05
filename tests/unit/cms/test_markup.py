from __future__ import annotations

import pytest

from domains.cms.model.markup import excerpt, plain_text, render

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src="x.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="java&#x09;script:alert(1)">click</a>',
    '<p onclick="alert(1)" style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<svg onload="alert(1)"></svg>',
]


def assert_harmless(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered
    assert "onclick" not in lowered
    assert "onload" not in lowered
    assert "javascript:" not in lowered
    assert "<iframe" not in lowered
    assert "style=" not in lowered


@pytest.mark.parametrize("attack", ATTACKS)
def test_html_body_loses_scripts_handlers_and_javascript_urls(attack: str) -> None:
    assert_harmless(render(f"<p>before</p>{attack}<p>after</p>", "html"))


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_body_with_raw_html_is_sanitised_after_rendering(attack: str) -> None:
    assert_harmless(render(f"# Title\n\n{attack}\n\nSome *text*.", "markdown"))


def test_markdown_javascript_link_stays_inert_text() -> None:
    html = render("[click](javascript:alert(1)) and ![i](javascript:alert(2))", "markdown")
    assert "href" not in html
    assert "src" not in html
    assert "<a" not in html


def test_markdown_renders_headings_emphasis_links_and_tables() -> None:
    html = render("# Hello\n\nSome **bold** [shop](https://example.com)\n\n|a|b|\n|-|-|\n|1|2|\n", "markdown")
    assert "<h1>Hello</h1>" in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<table>" in html


def test_safe_html_survives_sanitising() -> None:
    html = render(
        '<h2>Sizes</h2><p>Our <em>best</em> <a href="/sizes">guide</a></p><img src="/a.png" alt="A">', "html"
    )
    assert "<h2>Sizes</h2>" in html
    assert 'href="/sizes"' in html
    assert 'src="/a.png"' in html


def test_script_text_never_reaches_the_plain_text() -> None:
    assert plain_text(render("<p>Hello</p><script>steal()</script><p>World</p>", "html")) == "Hello World"


def test_plain_text_separates_blocks_and_decodes_entities() -> None:
    assert plain_text("<h1>Fish &amp; chips</h1><p>Hot</p><ul><li>salt</li><li>vinegar</li></ul>") == (
        "Fish & chips Hot salt vinegar"
    )


def test_excerpt_cuts_long_text_at_a_word_and_keeps_short_text_whole() -> None:
    assert excerpt("short text") == "short text"
    cut = excerpt("word " * 100, length=22)
    assert cut == "word word word word…"
