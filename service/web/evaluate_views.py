"""What the evaluators' pages show, in the page's language: figures (``None`` is hidden for
privacy), the words for rules and pools, the period asked for (an impossible date is a form
error, never silently another period) and the reports of one site."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from service.application import reads
from service.application.context import Context
from service.application.reports import ReportRequestError
from service.presentation.i18n import Lang


def period_error(t: Lang, refused: ReportRequestError) -> str:
    """A report's refusal of a period or setting, in the page's language."""
    text = str(refused)
    if text.startswith("to must not be before"):
        return t("The period ends before it starts.")
    if text.startswith("a report covers at most"):
        return t("A report covers at most %(days)s days.", days=t.number(731))
    if text.startswith("a report covers days from"):
        return t("A report covers days from the year 1900 to the year 2999.")
    return t("That period cannot be shown: %(detail)s", detail=text)


def parse_period(t: Lang, query: Any) -> tuple[date | None, date | None, str]:
    """``from`` and ``to`` of the query; a text that is not a date is an error to show."""
    days: list[date | None] = []
    for name in ("from", "to"):
        text = (query.get(name) or "").strip()
        try:
            days.append(date.fromisoformat(text) if text else None)
        except ValueError:
            return None, None, t("%(text)s is not a date (YYYY-MM-DD).", text=text[:40])
    return days[0], days[1], ""


def pools_of(ctx: Context, site_id: UUID) -> dict[str, int]:
    """The what-if's fields: desks, rooms and each equipment item, with their units now."""
    out = {"desk": 0, "room": 0}
    for r in reads.resources(ctx, site_id):
        key = f"equipment:{r.name}" if r.kind == "equipment" else r.kind
        out[key] = out.get(key, 0) + (r.quantity if r.kind == "equipment" else 1)
    return out


def asked_capacity(query: Any, pools: dict[str, int]) -> dict[str, int]:
    out = {}
    for pool in pools:
        text = (query.get(pool) or "").strip()
        if text.isdigit() and 0 <= int(text) <= 1000:
            out[pool] = int(text)
    return out
