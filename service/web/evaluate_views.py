"""What the evaluators' pages show, in the page's language: figures (``None`` is hidden for
privacy), the words for rules and pools, the period asked for (an impossible date is a form
error, never silently another period) and the reports of one site."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from projections.reports import demand_report, specification_report, what_if
from projections.reports.facts import WEEKDAYS
from projections.reports.utilisation import utilisation_reports
from service.application.context import Context
from service.application.reports import ReportRequestError, Reports
from service.presentation.i18n import Lang
from service.presentation.messages import kind_name
from service.reporting import charts


class Fmt:
    """Numbers of the reports in the page's language; ``None`` is hidden for privacy."""

    def __init__(self, t: Lang) -> None:
        self.t = t
        self.hidden = t("hidden")

    def pct(self, value: float | None) -> str:
        return self.hidden if value is None else self.t.percent(value)

    def hours(self, value: float | None) -> str:
        return self.hidden if value is None else self.t.number(round(value, 1))

    def count(self, value: int | None) -> str:
        return self.hidden if value is None else self.t.number(value)

    def pool(self, pool: str) -> str:
        """ "Skrivbord", "Rum", or the equipment item's own name ("Projektor")."""
        kind, _, name = pool.partition(":")
        if pool == "all":
            return self.t("All together")
        return name or kind_name(self.t, kind, plural=kind != "equipment")

    def interval(self, low: int | None, high: int | None) -> str:
        if low is None or high is None:
            return "\N{EN DASH}"
        return f"{self.t.number(low)}\N{EN DASH}{self.t.number(high)}"

    def weekday(self, key: str) -> str:
        return self.t.weekday_name(WEEKDAYS.index(key)) if key in WEEKDAYS else key

    def rule(self, rule: str) -> str:
        t = self.t
        return {
            "slot-taken": t("taken"),
            "nothing-free": t("nothing free"),
            "no-match": t("none has what was asked for"),
            "outside-opening-hours": t("outside opening hours"),
            "site-closed": t("closed day"),
            "member-desk-limit": t("already had a desk"),
            "member-booking-limit": t("too many bookings"),
            "outside-booking-window": t("too far ahead"),
            "too-long": t("too long"),
            "resource-retired": t("retired resource"),
            "in-the-past": t("in the past"),
            "not-aligned": t("not on the quarter hour"),
            "invalid-interval": t("impossible time"),
        }.get(rule, rule)

    def category(self, category: str) -> str:
        t = self.t
        return {
            "capacity": t("full"),
            "closed": t("closed"),
            "no-match": t("no such resource"),
            "policy": t("booking rules"),
            "input": t("impossible request"),
        }.get(category, category)

    def spans(self, spans: list[list[str]]) -> str:
        return ", ".join(f"{a}\N{EN DASH}{b}" for a, b in spans) or "\N{EN DASH}"


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


@dataclass
class SiteReports:
    """The reports of one site and period as the pages show them."""

    first: date
    last: date
    context: dict[str, Any] = field(default_factory=dict)


def site_reports(
    ctx: Context,
    reports: Reports,
    site_id: UUID,
    first: date | None,
    last: date | None,
    t: Lang,
    capacity: dict[str, int] | None = None,
) -> SiteReports:
    """Raises ReportRequestError for an impossible period."""
    first, last = reports.period(site_id, first, last)
    data = reports.input(site_id, first, last)
    both = utilisation_reports(data, ("kind", "day"))
    demand = demand_report(data)
    spec = specification_report(data)
    context: dict[str, Any] = {
        "utilisation": both["kind"],
        "by_day": both["day"],
        "demand": demand,
        "spec": spec,
        "charts": charts.site_charts(both["kind"], demand, spec, t),
    }
    if capacity:
        context["whatif"] = what_if(data, capacity, None)
    return SiteReports(first, last, context)


def pools_of(ctx: Context, site_id: UUID) -> dict[str, int]:
    """The what-if's fields: desks, rooms and each equipment item, with their units now."""
    out = {"desk": 0, "room": 0}
    for r in ctx.queries.resources(site_id):
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
