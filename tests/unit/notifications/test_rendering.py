"""Rendering: every shipped template renders against its event's sample, the sandbox holds, HTML
is escaped, and a missing locale falls back to its language, then English."""

from __future__ import annotations

import pytest

from adapters.notifications.jinja import JinjaRenderer
from core.errors import Invalid
from domains.notifications.handlers.rendering import render_sources
from domains.notifications.messages import Rendered
from domains.notifications.model import (
    CATALOGUE,
    OrderContact,
    TemplateError,
    default_template,
    locales_to_try,
)
from domains.notifications.model.catalogue import ORDER

renderer = JinjaRenderer()
CASES = [(event, channel) for event, kind in sorted(CATALOGUE.items()) for channel in kind.channels]


@pytest.mark.parametrize(("event", "channel"), CASES)
def test_every_default_template_renders_against_its_events_sample(event: str, channel: str) -> None:
    sources = default_template(event, channel)
    assert sources is not None

    rendered = render_sources(renderer, sources, CATALOGUE[event].sample)

    assert rendered.body.strip()
    assert (rendered.subject is None) == (channel == "sms")
    assert (rendered.html is not None) == (channel == "email")
    assert "{{" not in rendered.body and "{%" not in rendered.body


def test_the_order_confirmation_lists_the_lines_and_the_total() -> None:
    rendered = render_sources(renderer, default_template("order_placed", "email"), {"order": ORDER})  # type: ignore[arg-type]

    assert rendered.subject == "Order 1001 placed"
    assert "2 x MUG-1\n" in rendered.body
    assert "Total: 29.90 EUR" in rendered.body
    assert "<li>2 &times; MUG-1</li>" in (rendered.html or "")


def test_what_an_order_contact_gives_the_templates_is_what_the_sample_promises() -> None:
    contact = OrderContact(
        order_id=__import__("uuid").uuid4(),
        number="7",
        customer_id=None,
        email=None,
        locale="en",
        total="1.00 EUR",
    )

    assert set(contact.variables()) == set(ORDER)


def test_html_is_escaped_and_text_is_not() -> None:
    variables = {"name": "<script>alert(1)</script> & co"}

    assert (
        renderer.render("{{ name }}", variables, html=True)
        == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    )
    assert renderer.render("{{ name }}", variables) == "<script>alert(1)</script> & co"


@pytest.mark.parametrize(
    "source",
    [
        "{{ order.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{% for x in range(10**9) %}{% endfor %}",
        "{{ missing }}",
        "{% if %}",
        "{{ 1 / 0 }}",
    ],
)
def test_the_sandbox_refuses_what_a_template_may_not_do(source: str) -> None:
    with pytest.raises(TemplateError):
        renderer.render(source, {"order": {"number": "1"}})


def test_a_failing_part_is_named_in_the_422() -> None:
    sources = Rendered(subject="{{ order.number }", body="fine", html="<p>{{ nope }}</p>")

    with pytest.raises(Invalid) as invalid:
        render_sources(renderer, sources, {"order": {"number": "1"}})

    assert [error.field for error in invalid.value.errors] == ["subject", "html"]


def test_a_locale_falls_back_to_its_language_then_english() -> None:
    assert locales_to_try("de-AT") == ["de-AT", "de", "en"]
    assert locales_to_try("fr") == ["fr", "en"]
    assert locales_to_try("en") == ["en"]
