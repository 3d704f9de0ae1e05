"""The templates shipped for every event, in English: what applies until staff write their own.

Each event has a subject, a plain-text body (email, in-app), an HTML body (email) and a
short text (SMS, push, in-app). Variables are the event's sample's (``catalogue``).
"""

from __future__ import annotations

from typing import NamedTuple

from domains.notifications.messages import Rendered

DEFAULT_LOCALE = "en"
LAYOUT = '<!doctype html><html><body style="font-family: sans-serif; max-width: 36em">{content}</body></html>'
LINES_TEXT = "{% for line in order.lines %}{{ line.quantity }} x {{ line.sku }}\n{% endfor %}"
LINES_HTML = (
    "<ul>{% for line in order.lines %}<li>{{ line.quantity }} &times; {{ line.sku }}</li>{% endfor %}</ul>"
)


class Default(NamedTuple):
    subject: str
    text: str
    html: str
    short: str


DEFAULTS: dict[str, Default] = {
    "order_placed": Default(
        "Order {{ order.number }} placed",
        "Thank you for your order {{ order.number }}.\n\n" + LINES_TEXT + "\nTotal: {{ order.total }}\n\n"
        "We will write again once it is paid and on its way.\n",
        "<p>Thank you for your order <strong>{{ order.number }}</strong>.</p>"
        + LINES_HTML
        + "<p>Total: {{ order.total }}</p>",
        "Order {{ order.number }} placed: {{ order.total }}.",
    ),
    "order_paid": Default(
        "Payment received for order {{ order.number }}",
        "We received your payment of {{ amount }} for order {{ order.number }}.\n"
        "We are getting it ready to ship.\n",
        "<p>We received your payment of {{ amount }} for order <strong>{{ order.number }}</strong>.</p>"
        "<p>We are getting it ready to ship.</p>",
        "Payment of {{ amount }} received for order {{ order.number }}.",
    ),
    "order_shipped": Default(
        "Order {{ order.number }} is on its way",
        "Your order {{ order.number }} has shipped{% if carrier %} with {{ carrier }}{% endif %}.\n"
        "{% if tracking_number %}Tracking number: {{ tracking_number }}\n{% endif %}",
        "<p>Your order <strong>{{ order.number }}</strong> has shipped"
        "{% if carrier %} with {{ carrier }}{% endif %}.</p>"
        "{% if tracking_number %}<p>Tracking number: {{ tracking_number }}</p>{% endif %}",
        "Order {{ order.number }} shipped{% if tracking_number %}, tracking {{ tracking_number }}{% endif %}.",
    ),
    "order_delivered": Default(
        "Order {{ order.number }} delivered",
        "Your order {{ order.number }} has been delivered. Enjoy!\n",
        "<p>Your order <strong>{{ order.number }}</strong> has been delivered. Enjoy!</p>",
        "Order {{ order.number }} delivered.",
    ),
    "order_cancelled": Default(
        "Order {{ order.number }} cancelled",
        "Your order {{ order.number }} has been cancelled.{% if reason %} Reason: {{ reason }}.{% endif %}\n"
        "Any payment taken is given back.\n",
        "<p>Your order <strong>{{ order.number }}</strong> has been cancelled."
        "{% if reason %} Reason: {{ reason }}.{% endif %}</p><p>Any payment taken is given back.</p>",
        "Order {{ order.number }} cancelled.",
    ),
    "order_refunded": Default(
        "Refund for order {{ order.number }}",
        "We refunded {{ amount }} for order {{ order.number }} ({{ total_refunded }} refunded in all).\n",
        "<p>We refunded {{ amount }} for order <strong>{{ order.number }}</strong> "
        "({{ total_refunded }} refunded in all).</p>",
        "{{ amount }} refunded for order {{ order.number }}.",
    ),
    "return_requested": Default(
        "We received your return request for order {{ order.number }}",
        "We received your request to return items of order {{ order.number }}.\n"
        "We will tell you once it is reviewed.\n",
        "<p>We received your request to return items of order <strong>{{ order.number }}</strong>.</p>"
        "<p>We will tell you once it is reviewed.</p>",
        "Return request for order {{ order.number }} received.",
    ),
    "return_approved": Default(
        "Your return for order {{ order.number }} is approved",
        "Your return for order {{ order.number }} is approved: please send the items back.\n",
        "<p>Your return for order <strong>{{ order.number }}</strong> is approved: "
        "please send the items back.</p>",
        "Return for order {{ order.number }} approved.",
    ),
    "return_rejected": Default(
        "Your return for order {{ order.number }} was not approved",
        "We could not approve your return for order {{ order.number }}."
        "{% if rma.reason %} Reason: {{ rma.reason }}.{% endif %}\n",
        "<p>We could not approve your return for order <strong>{{ order.number }}</strong>."
        "{% if rma.reason %} Reason: {{ rma.reason }}.{% endif %}</p>",
        "Return for order {{ order.number }} not approved.",
    ),
    "return_received": Default(
        "We received your return for order {{ order.number }}",
        "The items you returned from order {{ order.number }} have arrived. Your refund follows.\n",
        "<p>The items you returned from order <strong>{{ order.number }}</strong> have arrived. "
        "Your refund follows.</p>",
        "Return for order {{ order.number }} received.",
    ),
    "password_reset": Default(
        "Reset your password",
        "Choose a new password here: {{ reset_url }}\nIf you did not ask for this, ignore this message.\n",
        '<p><a href="{{ reset_url }}">Choose a new password</a>.</p>'
        "<p>If you did not ask for this, ignore this message.</p>",
        "Reset your password: {{ reset_url }}",
    ),
    "email_verification": Default(
        "Confirm your email address",
        "Confirm this is your address: {{ verify_url }}\nIf you did not open an account, ignore this message.\n",
        '<p><a href="{{ verify_url }}">Confirm your email address</a>.</p>'
        "<p>If you did not open an account, ignore this message.</p>",
        "Confirm your email: {{ verify_url }}",
    ),
    "registration_attempted": Default(
        "Someone tried to register with your address",
        "Someone tried to open an account with this email address, which already has one.\n"
        "If it was you, sign in: {{ sign_in_url }}\nForgot your password? {{ reset_url }}\n"
        "If it was not you, you can ignore this message: nothing changed.\n",
        "<p>Someone tried to open an account with this email address, which already has one.</p>"
        '<p>If it was you, <a href="{{ sign_in_url }}">sign in</a> or '
        '<a href="{{ reset_url }}">reset your password</a>.</p>'
        "<p>If it was not you, you can ignore this message: nothing changed.</p>",
        "Someone tried to register with your address. Sign in: {{ sign_in_url }}",
    ),
    "newsletter": Default(
        "{{ headline }}",
        "{{ message }}\n\nUnsubscribe: {{ unsubscribe_url }}\n",
        "<h1>{{ headline }}</h1><p>{{ message }}</p>"
        '<p style="font-size: small"><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
        "{{ headline }}",
    ),
    "stock_low": Default(
        "Low stock: {{ sku }}",
        "{{ sku }} is down to {{ available }} available (threshold {{ threshold }}).\n",
        "<p><strong>{{ sku }}</strong> is down to {{ available }} available (threshold {{ threshold }}).</p>",
        "Low stock: {{ sku }} ({{ available }} left).",
    ),
    "account_locked": Default(
        "Locked out: {{ what }} by {{ who }}",
        "After {{ failures }} failed {{ what }} attempts, {{ who }} is locked out for {{ minutes }} minutes.\n",
        "<p>After {{ failures }} failed {{ what }} attempts, <strong>{{ who }}</strong> is locked out for "
        "{{ minutes }} minutes.</p>",
        "Locked out: {{ what }} by {{ who }} ({{ failures }} failures).",
    ),
}


def default_template(event: str, channel: str) -> Rendered | None:
    """The shipped sources of ``event`` on ``channel`` (subject, body, html), None for an unknown event."""
    found = DEFAULTS.get(event)
    if found is None:
        return None
    if channel == "email":
        return Rendered(subject=found.subject, body=found.text, html=LAYOUT.replace("{content}", found.html))
    if channel == "sms":
        return Rendered(subject=None, body=found.short, html=None)
    return Rendered(subject=found.subject, body=found.short, html=None)


def locales_to_try(locale: str) -> list[str]:
    """``de-AT`` -> ``de-AT``, ``de``, ``en``: the locale, its language, then the default."""
    tried = [locale]
    language = locale.split("-", 1)[0]
    if language != locale:
        tried.append(language)
    if DEFAULT_LOCALE not in tried:
        tried.append(DEFAULT_LOCALE)
    return tried
