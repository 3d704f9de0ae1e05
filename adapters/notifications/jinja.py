"""Templates rendered by Jinja2's sandbox: a template staff write can read the variables it is
given and nothing else (no attributes starting with ``_``, no unsafe calls, bounded ranges).

An unknown variable is an error (``StrictUndefined``), so a typo shows in the preview
instead of as a blank in a customer's mail. HTML is rendered with autoescape.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment

from domains.notifications.model import TemplateError

MAX_OUTPUT = 200_000
COMPILED = 256  # templates kept compiled per renderer (each event x locale x channel x part is one)


class JinjaRenderer:
    def __init__(self) -> None:
        options: dict[str, Any] = {
            "undefined": StrictUndefined,
            "trim_blocks": True,
            "keep_trailing_newline": True,
        }
        self._text = SandboxedEnvironment(autoescape=False, **options)
        self._html = SandboxedEnvironment(autoescape=True, **options)
        # Compiling is most of a render's cost; a template is looked up by its source, so an edit
        # by staff is simply another entry.
        self._compiled = lru_cache(maxsize=COMPILED)(self._compile)

    def _compile(self, source: str, html: bool) -> Template:
        return (self._html if html else self._text).from_string(source)

    def render(self, source: str, variables: Mapping[str, Any], *, html: bool = False) -> str:
        try:
            rendered = self._compiled(source, html).render(dict(variables))
        except JinjaError as exc:
            line = getattr(exc, "lineno", None)
            raise TemplateError(
                f"{exc.message or type(exc).__name__}" + (f" (line {line})" if line else "")
            ) from None
        except Exception as exc:  # noqa: BLE001 - a template's own arithmetic or calls, such as 1/0
            raise TemplateError(f"{type(exc).__name__}: {exc}") from None
        if len(rendered) > MAX_OUTPUT:
            raise TemplateError(f"renders more than {MAX_OUTPUT} characters")
        return rendered
