"""Templates staff edit: read the one in force, replace it (checked against the event's sample
first, so a broken template is refused, never sent), reset it, and preview any sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.errors import FieldError, Invalid, NotFound
from core.paging import MAX_LIMIT, as_position, decode_cursor, encode_cursor, unknown_cursor
from core.validation import Findings
from domains.notifications import messages as m
from domains.notifications.handlers.rendering import render_sources
from domains.notifications.model import CATALOGUE, default_template, locales_to_try, notification_event
from domains.notifications.model.preferences import LOCALE

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.notifications.ports import NotificationsDeps

MAX_SOURCE = 20_000
MAX_SUBJECT = 500


def _known(event: str, channel: str, locale: str) -> m.NotificationEvent:
    """The event, once it is known, uses ``channel`` and ``locale`` is a language tag (else NotFound)."""
    kind = notification_event(event)
    if kind is None or channel not in kind.channels:
        raise NotFound(f"no {channel} template for the event {event!r}")
    if not LOCALE.match(locale):
        raise NotFound(f"no template for the locale {locale!r}: use a language tag such as en or de-AT")
    return kind


async def get_template(query: m.GetTemplate, deps: NotificationsDeps) -> m.Template:
    _known(query.event, query.channel, query.locale)
    stored = await deps.templates.find(query.event, query.channel, locales_to_try(query.locale))
    if stored is not None:
        return stored
    default = default_template(query.event, query.channel)
    assert default is not None
    return m.Template(
        event=query.event,
        channel=query.channel,  # type: ignore[arg-type]
        locale="en",
        subject=default.subject,
        body=default.body,
        html=default.html,
        customised=False,
    )


def _checked(
    channel: str,
    subject: str | None,
    body: str,
    html: str | None,
    checks: Findings,
) -> None:
    if channel == "sms" and subject is not None:
        checks.add("subject", "an SMS has no subject")
    if channel != "sms" and not (subject or "").strip():
        checks.add("subject", "must not be empty")
    if len(subject or "") > MAX_SUBJECT:
        checks.add("subject", f"at most {MAX_SUBJECT} characters")
    if not body.strip():
        checks.add("body", "must not be empty")
    if channel != "email" and html is not None:
        checks.add("html", "only email has an HTML body")
    for name, source in (("body", body), ("html", html or "")):
        if len(source) > MAX_SOURCE:
            checks.add(name, f"at most {MAX_SOURCE} characters")


async def save_template(cmd: m.SaveTemplate, deps: NotificationsDeps) -> m.Template:
    kind = _known(cmd.event, cmd.channel, cmd.locale)
    checks = Findings()
    _checked(cmd.channel, cmd.subject, cmd.body, cmd.html, checks)
    checks.raise_any("the template is invalid")
    sources = m.Rendered(subject=cmd.subject, body=cmd.body, html=cmd.html)
    render_sources(deps.renderer, sources, kind.sample)
    template = m.Template(
        event=cmd.event,
        channel=cmd.channel,  # type: ignore[arg-type]
        locale=cmd.locale,
        subject=cmd.subject,
        body=cmd.body,
        html=cmd.html,
        customised=True,
        updated_at=deps.clock(),
    )
    async with deps.uow() as uow:
        await deps.templates.save(template, cmd.actor)
        uow.add(m.TemplateChanged(event=cmd.event, channel=cmd.channel, locale=cmd.locale, customised=True))
        await uow.commit()
    return template


async def reset_template(cmd: m.ResetTemplate, deps: NotificationsDeps) -> m.Template:
    _known(cmd.event, cmd.channel, cmd.locale)
    async with deps.uow() as uow:
        if await deps.templates.delete(cmd.event, cmd.channel, cmd.locale):
            uow.add(
                m.TemplateChanged(event=cmd.event, channel=cmd.channel, locale=cmd.locale, customised=False)
            )
        await uow.commit()
    return await get_template(m.GetTemplate(event=cmd.event, channel=cmd.channel, locale=cmd.locale), deps)


async def preview_template(query: m.PreviewTemplate, deps: NotificationsDeps) -> m.Rendered:
    kind = notification_event(query.event)
    if kind is None:
        raise Invalid(
            "unknown event", errors=[FieldError("event", f"must be one of {', '.join(sorted(CATALOGUE))}")]
        )
    checks = Findings()
    if query.channel not in kind.channels:
        checks.add("channel", f"{query.event} goes by {', '.join(kind.channels)}")
    else:
        _checked(query.channel, query.subject, query.body, query.html, checks)
    checks.raise_any("the template is invalid")
    sources = m.Rendered(subject=query.subject, body=query.body, html=query.html)
    payload = kind.sample if query.payload is None else query.payload
    return render_sources(deps.renderer, sources, payload)


def _event_at(position: list[Any]) -> str:
    """The event a page ended on: one the catalogue knows, as the list shows no other."""
    (event,) = as_position(position, tuple[str])
    if event not in CATALOGUE:
        raise unknown_cursor()
    return str(event)


async def list_notification_events(
    query: m.ListNotificationEvents, deps: NotificationsDeps
) -> m.NotificationEventPage:
    if not 1 <= query.limit <= MAX_LIMIT:
        raise Invalid("bad page size", errors=[FieldError("limit", f"must be between 1 and {MAX_LIMIT}")])
    position = decode_cursor(query.cursor)
    after = "" if position is None else _event_at(position)
    names = [name for name in sorted(CATALOGUE) if name > after]
    shown = names[: query.limit]
    return m.NotificationEventPage(
        items=[CATALOGUE[name] for name in shown],
        next_cursor=encode_cursor([shown[-1]]) if len(names) > query.limit else None,
    )


HANDLERS: dict[type[Message], Handler] = {
    m.GetTemplate: get_template,
    m.SaveTemplate: save_template,
    m.ResetTemplate: reset_template,
    m.PreviewTemplate: preview_template,
    m.ListNotificationEvents: list_notification_events,
}
