"""Evaluators read the reports (``service.reporting``): utilisation, demand, the
specification and a what-if replay, as pages in the chosen language. Aggregates only:
figures from fewer members than the privacy threshold show as hidden."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.response import Template

from projections.reports.facts import WEEKDAYS
from service.application import reads
from service.application.context import Context
from service.application.reports import ReportRequestError, reports_for
from service.presentation.i18n import Lang
from service.presentation.messages import feature_name, kind_name
from service.web.core import evaluators, lang_of, render

POOLS = ("desk", "room", "equipment")


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


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
        kind, _, name = pool.partition(":")
        if pool == "all":
            return self.t("All together")
        label = kind_name(self.t, kind, plural=kind != "equipment")
        return f"{label}: {name}" if name else label

    def weekday(self, key: str) -> str:
        return self.t.weekday_name(WEEKDAYS.index(key)) if key in WEEKDAYS else key

    def rule(self, rule: str) -> str:
        t = self.t
        return {
            "slot-taken": t("taken"),
            "nothing-free": t("nothing free"),
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
            "policy": t("booking rules"),
            "input": t("impossible request"),
        }.get(category, category)

    def spans(self, spans: list[list[str]]) -> str:
        return ", ".join(f"{a}\N{EN DASH}{b}" for a, b in spans) or "\N{EN DASH}"


class EvaluatePages(Controller):
    path = "/evaluate"
    guards = [evaluators]

    @get("/", sync_to_thread=True)
    def index(self, request: Request[Any, Any, Any], ctx: Context) -> Template:
        t = lang_of(request)
        return render(
            request,
            "evaluate_index.html",
            t("Evaluation"),
            section="evaluate",
            sites=ctx.queries.sites(),
        )

    @get("/sites/{site_id:uuid}", sync_to_thread=True)
    def site(self, site_id: UUID, request: Request[Any, Any, Any], ctx: Context) -> Template:
        t = lang_of(request)
        site = reads.site(ctx, site_id)
        q = request.query_params
        first, last = _day(q.get("from")), _day(q.get("to"))
        reports = reports_for(ctx, request.user)
        error = ""
        context: dict[str, Any] = {}
        try:
            first, last = reports.period(site_id, first, last)
            data = reports.input(site_id, first, last)
            from projections.reports import (
                demand_report,
                specification_report,
                utilisation_report,
                what_if,
            )

            context["utilisation"] = utilisation_report(data, "kind")
            context["demand"] = demand_report(data)
            context["spec"] = specification_report(data)
            capacity = {
                pool: int(q[pool])
                for pool in POOLS
                if q.get(pool, "").isdigit() and 0 <= int(q[pool]) <= 1000
            }
            context["capacity"] = capacity
            if capacity:
                context["whatif"] = what_if(data, capacity, None)
        except ReportRequestError as refused:
            error = t("That period cannot be shown: %(detail)s", detail=str(refused))
        recorded = {p: len(ctx.queries.resources(site.id, p)) for p in POOLS}
        return render(
            request,
            "evaluate_site.html",
            site.name,
            section="evaluate",
            site=site,
            first=first,
            last=last,
            error=error,
            f=Fmt(t),
            recorded=recorded,
            pools=POOLS,
            kind_name=lambda k, plural=False: kind_name(t, k, plural),
            feature_name=lambda x: feature_name(t, x),
            **context,
        )
