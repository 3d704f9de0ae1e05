"""Public routes of the payments domain: saved payment methods (shoppers pay through checkout, in orders)
and the providers' webhooks."""

from __future__ import annotations

from typing import Any

from domains.payments.api import methods, webhooks

ROUTES: list[Any] = [*methods.ROUTES, *webhooks.ROUTES]
