"""structlog set-up: JSON lines when not on a terminal, readable console otherwise.

Card numbers are masked in every line, structlog's and the standard library's (uvicorn's
access log, litestar, drivers): a shopper may type one anywhere, even in a header.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO, cast

import structlog

from core import tracing
from core.cards import masked


def configure_logging(level: str = "info", fmt: str = "auto") -> None:
    use_json = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if use_json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            _add_trace_ids,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            _mask_card_numbers,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelNamesMapping()[level.upper()]),
        logger_factory=structlog.PrintLoggerFactory(file=cast("TextIO", _CurrentStderr())),
        cache_logger_on_first_use=False,
    )
    _mask_standard_records()


def _add_trace_ids(_: Any, __: str, event: structlog.types.EventDict) -> structlog.types.EventDict:
    """A structlog processor: ``trace_id`` and ``span_id`` of the active span, when tracing."""
    if tracing.enabled():
        found = tracing.ids()
        if found is not None:
            event.setdefault("trace_id", found[0])
            event.setdefault("span_id", found[1])
    return event


class _CurrentStderr:
    """Writes to whatever ``sys.stderr`` is when a line is logged, not when logging was set up
    (a stream swapped out since, say by a test's capture, may be closed by then)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def _masked_value(value: Any) -> Any:
    if isinstance(value, str):
        return masked(value)
    if isinstance(value, dict):
        return {key: _masked_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked_value(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_masked_value(item) for item in value)
    if isinstance(value, int | float | bytes) or value is None:
        return value
    text = str(value)  # an object logged as text (a URL, an exception): replaced only if it held one
    hidden = masked(text)
    return value if hidden == text else hidden


def _mask_card_numbers(_: Any, __: str, event: structlog.types.EventDict) -> structlog.types.EventDict:
    """A structlog processor: every string in the event, card numbers masked."""
    return {key: _masked_value(value) for key, value in event.items()}


def _mask_standard_records() -> None:
    """Standard-library records are masked where they are made, whichever handler writes them."""
    make = logging.getLogRecordFactory()
    if getattr(make, "masks_card_numbers", False):
        return

    def masking(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        record.msg = _masked_value(record.msg)
        if isinstance(record.args, tuple | dict):
            record.args = _masked_value(record.args)
        return record

    masking.masks_card_numbers = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masking)
