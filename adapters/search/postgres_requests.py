"""What the PostgreSQL adapter refuses before touching the database: Invalid, naming the field.

The model's ``validate`` owns the rules every engine shares; this adds what
PostgreSQL text cannot hold and the literals a caller may have bypassed.
"""

from __future__ import annotations

from typing import get_args

from core.errors import FieldError, Invalid
from domains.search.model import (
    MAX_LIMIT,
    MAX_QUERY_LENGTH,
    DocumentType,
    IndexSettings,
    SearchRequest,
    Sort,
    validate,
)


def _unfit_text(value: str) -> bool:
    """PostgreSQL text holds neither NUL nor lone surrogates."""
    if "\x00" in value:
        return True
    try:
        value.encode()
    except UnicodeEncodeError:
        return True
    return False


def _problems(request: SearchRequest) -> list[FieldError]:
    f = request.filters
    texts = {
        "q": [request.q],
        "filters.category": [f.category or ""],
        "filters.brand": [f.brand or ""],
        "filters.attributes": [*f.attributes, *f.attributes.values()],
        "boost": [*request.boost.categories, *request.boost.brands],
    }
    problems = [
        FieldError(name, "holds a character text cannot hold")
        for name, values in texts.items()
        if any(_unfit_text(v) for v in values)
    ]
    if request.type not in get_args(DocumentType):
        problems.append(FieldError("type", f"one of {', '.join(get_args(DocumentType))}"))
    if request.sort not in get_args(Sort):
        problems.append(FieldError("sort", f"one of {', '.join(get_args(Sort))}"))
    return problems


def checked(request: SearchRequest) -> SearchRequest:
    """The request as the model validates it; Invalid listing every field this adapter cannot answer."""
    problems = _problems(request)
    if problems:
        raise Invalid("the search request is not valid", errors=problems)
    return validate(request)


def check_prefix(prefix: str, limit: int) -> None:
    problems = []
    if len(prefix) > MAX_QUERY_LENGTH or _unfit_text(prefix):
        problems.append(FieldError("prefix", f"at most {MAX_QUERY_LENGTH} characters of text"))
    if not 0 <= limit <= MAX_LIMIT:
        problems.append(FieldError("limit", f"between 0 and {MAX_LIMIT}"))
    if problems:
        raise Invalid("the suggestion request is not valid", errors=problems)


def check_settings(settings: IndexSettings) -> None:
    texts = {
        "synonyms": [word for group in settings.synonyms for word in group],
        "stop_words": settings.stop_words,
        "pinned": [*settings.pinned, *(i for ids in settings.pinned.values() for i in ids)],
    }
    problems = [
        FieldError(name, "holds a character text cannot hold")
        for name, values in texts.items()
        if any(_unfit_text(v) for v in values)
    ]
    if problems:
        raise Invalid("the search settings are not valid", errors=problems)
