"""Evaluators read the reports (``projections.reports`` through the ``Reports`` use case):
the five localities side by side, each site's utilisation, demand, specification and
what-if with charts, the Kravspecifikation (per site and for the whole pilot), and CSV.
Aggregates only: figures from fewer members than the privacy threshold show as hidden."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.response import Template

from service.application import reads
from service.application.context import Context
from service.application.reports import ReportRequestError, reports_for
from service.presentation.messages import feature_name, kind_name
from service.reporting import site_reports
from service.reporting.fmt import Fmt
from service.reporting.pilot import pilot_file_name, pilot_rows, pilot_spreadsheet, totals
from service.reporting.spreadsheet import file_name, spreadsheet
from service.web.core import evaluators, lang_of, render
from service.web.evaluate_views import (
    asked_capacity,
    parse_period,
    period_error,
    pools_of,
)

CSV_REPORTS = ("utilisation", "demand", "specification")


class EvaluatePages(Controller):
    path = "/evaluate"
    guards = [evaluators]

    @get("/", sync_to_thread=True)
    def index(self, request: Request[Any, Any, Any], ctx: Context) -> Template:
        """The localities side by side over the last 28 days."""
        t = lang_of(request)
        reports = reports_for(ctx, request.user)
        columns = []
        for site in [s for s in reads.sites(ctx) if reports.readable(s.id)]:
            shown = site_reports(reports, site.id, None, None, t, with_charts=False)
            desk = next((p for p in shown.context["spec"].pools if p.pool == "desk"), None)
            columns.append((site, shown, desk.capacity if desk else None))
        return render(
            request,
            "evaluate_index.html",
            t("Evaluation"),
            section="evaluate",
            columns=columns,
            f=Fmt(t),
        )

    @get("/sites/{site_id:uuid}", sync_to_thread=True)
    def site(self, site_id: UUID, request: Request[Any, Any, Any], ctx: Context) -> Template:
        return self._site_page(request, ctx, site_id, "evaluate_site.html")

    @get("/sites/{site_id:uuid}/specification", sync_to_thread=True)
    def specification(
        self, site_id: UUID, request: Request[Any, Any, Any], ctx: Context
    ) -> Template:
        return self._site_page(request, ctx, site_id, "evaluate_spec.html")

    @get("/specification", sync_to_thread=True)
    def pilot_specification(self, request: Request[Any, Any, Any], ctx: Context) -> Template:
        """The Kravspecifikation of the whole pilot: every site's, on one printable page."""
        t = lang_of(request)
        first, last, error = parse_period(t, request.query_params)
        reports = reports_for(ctx, request.user)
        sites = []
        if not error:
            try:
                for site in [s for s in reads.sites(ctx) if reports.readable(s.id)]:
                    sites.append(
                        (site, site_reports(reports, site.id, first, last, t, with_charts=False))
                    )
            except ReportRequestError as refused:
                error, sites = period_error(t, refused), []
        if sites:
            first, last = sites[0][1].first, sites[0][1].last
        rows = pilot_rows([(site.name, shown.context["spec"]) for site, shown in sites])
        return render(
            request,
            "evaluate_pilot.html",
            t("Requirements specification"),
            status_code=400 if error else 200,
            section="evaluate",
            sites=sites,
            pilot=SimpleNamespace(rows=rows, totals=totals(rows)),
            query=f"from={first.isoformat()}&to={last.isoformat()}" if first and last else "",
            first=first,
            last=last,
            error=error,
            f=Fmt(t),
            kind_name=lambda k, plural=False: kind_name(t, k, plural),
            feature_name=lambda x: feature_name(t, x),
        )

    @get("/specification/csv", sync_to_thread=True)
    def pilot_csv(self, request: Request[Any, Any, Any], ctx: Context) -> Response[str]:
        """The pilot's Kravspecifikation side by side as a spreadsheet, with the totals."""
        t = lang_of(request)
        first, last, error = parse_period(t, request.query_params)
        if error:
            return Response(error, status_code=400)
        reports = reports_for(ctx, request.user)
        try:
            sites = [
                (site.name, site_reports(reports, site.id, first, last, t, with_charts=False))
                for site in reads.sites(ctx)
                if reports.readable(site.id)
            ]
        except ReportRequestError as refused:
            return Response(period_error(t, refused), status_code=400)
        if not sites:
            return Response(t("No sites."), status_code=404)
        rows = pilot_rows([(name, shown.context["spec"]) for name, shown in sites])
        name = pilot_file_name(t, sites[0][1].first, sites[0][1].last)
        return Response(
            pilot_spreadsheet(t, rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @get("/sites/{site_id:uuid}/csv/{report:str}", sync_to_thread=True)
    def csv(
        self, site_id: UUID, report: str, request: Request[Any, Any, Any], ctx: Context
    ) -> Response[str]:
        t = lang_of(request)
        first, last, error = parse_period(t, request.query_params)
        if error or report not in CSV_REPORTS:
            return Response(error or t("No such report."), status_code=400)
        try:
            shown = site_reports(
                reports_for(ctx, request.user), site_id, first, last, t, with_charts=False
            )
        except ReportRequestError as refused:
            return Response(period_error(t, refused), status_code=400)
        site = reads.site(ctx, site_id)
        name = file_name(t, report, site.name, shown.first, shown.last)
        return Response(
            spreadsheet(t, shown.context["spec" if report == "specification" else report]),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @staticmethod
    def _site_page(
        request: Request[Any, Any, Any], ctx: Context, site_id: UUID, template: str
    ) -> Template:
        t = lang_of(request)
        site = reads.site(ctx, site_id)
        first, last, error = parse_period(t, request.query_params)
        pools = pools_of(ctx, site_id)
        capacity = asked_capacity(request.query_params, pools)
        context: dict[str, Any] = {}
        if not error:
            try:
                shown = site_reports(
                    reports_for(ctx, request.user),
                    site_id,
                    first,
                    last,
                    t,
                    capacity,
                    with_charts=template == "evaluate_site.html",
                )
                first, last, context = shown.first, shown.last, shown.context
            except ReportRequestError as refused:
                error = period_error(t, refused)
        query = f"from={first.isoformat()}&to={last.isoformat()}" if first and last else ""
        return render(
            request,
            template,
            site.name,
            status_code=400 if error else 200,
            section="evaluate",
            site=site,
            first=first,
            last=last,
            query=query,
            error=error,
            f=Fmt(t),
            pools=pools,
            capacity=capacity,
            kind_name=lambda k, plural=False: kind_name(t, k, plural),
            feature_name=lambda x: feature_name(t, x),
            **context,
        )
