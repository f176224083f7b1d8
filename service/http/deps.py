"""What the controllers are given (the use cases' context) and the parsing of the API's own
input formats."""

from __future__ import annotations

import re
from datetime import datetime, time

from litestar.datastructures import State

from service.application.context import Context
from service.http.errors import problem


def provide_ctx(state: State) -> Context:
    return state.container.ctx


# What an instant may look like: digits, separators and an offset; nothing after it.
ISO_INSTANT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?", re.ASCII
)


def parse_instant(text: str, field: str) -> datetime:
    """An ISO 8601 date-time; one without an offset is a wall-clock time at the site."""
    try:
        if not ISO_INSTANT.fullmatch(text):
            raise ValueError(text)
        return datetime.fromisoformat(text)
    except ValueError:
        raise problem(
            400,
            "Invalid request",
            "not an ISO 8601 date-time such as 2026-12-01T09:00",
            "invalid-request",
            field,
        ) from None


def parse_clock(text: str, field: str) -> time:
    """A local time of day, HH:MM."""
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise problem(
            400, "Invalid request", "a local time HH:MM such as 08:00", "invalid-request", field
        ) from None
