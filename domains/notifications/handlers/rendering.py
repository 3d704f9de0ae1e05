"""Turning a template into the message a customer reads: staff's template for the locale (or
its language, or English), else the shipped default; a saved template that fails on a real
event's variables is logged and the default used, so a message still goes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import structlog

from core.errors import FieldError, Invalid
from domains.notifications.messages import Rendered
from domains.notifications.model import TemplateError, default_template, locales_to_try

if TYPE_CHECKING:
    from domains.notifications.ports import NotificationsDeps, TemplateRenderer

log = structlog.get_logger("mercato.notifications")


def render_sources(renderer: TemplateRenderer, sources: Rendered, variables: Mapping[str, Any]) -> Rendered:
    """Subject, body and HTML rendered; ``Invalid`` naming the part that fails."""
    problems: list[FieldError] = []

    def part(name: str, source: str | None, *, html: bool = False) -> str | None:
        if source is None:
            return None
        try:
            return renderer.render(source, variables, html=html)
        except TemplateError as exc:
            problems.append(FieldError(name, str(exc)))
            return None

    subject = part("subject", sources.subject)
    body = part("body", sources.body)
    html = part("html", sources.html, html=True)
    if problems:
        raise Invalid("the template does not render", errors=problems)
    return Rendered(subject=subject.strip() if subject else subject, body=body or "", html=html)


async def render_message(
    deps: NotificationsDeps, event: str, channel: str, locale: str, variables: Mapping[str, Any]
) -> Rendered:
    """``event``'s message on ``channel`` in ``locale``; ``Invalid`` when even the default cannot
    render these variables (a ``Notify`` that left some out)."""
    stored = await deps.templates.find(event, channel, locales_to_try(locale))
    if stored is not None:
        try:
            return render_sources(deps.renderer, _sources(stored), variables)
        except Invalid as exc:
            log.warning(
                "saved template failed; the default is used",
                event=event,
                channel=channel,
                locale=stored.locale,
                errors=[e.message for e in exc.errors],
            )
    default = default_template(event, channel)
    if default is None:
        raise Invalid(f"no template for {event}", errors=[FieldError("event", "unknown event")])
    try:
        return render_sources(deps.renderer, default, variables)
    except Invalid as exc:
        detail = "; ".join(e.message for e in exc.errors)
        raise Invalid(
            "the payload lacks what the template shows", errors=[FieldError("payload", detail)]
        ) from None


def _sources(template: Any) -> Rendered:
    return Rendered(subject=template.subject, body=template.body, html=template.html)
