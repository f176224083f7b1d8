"""The evaluators' reports over HTTP: JSON (or CSV with ``Accept: text/csv``), the what-if
replay, and the report page for people."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.types import ControllerRouterHandler
from msgspec import Meta

from service import reporting
from service.application.context import Context
from service.application.reports import (
    DemandReport,
    ReportRequestError,
    Reports,
    SpecificationReport,
    UtilisationReport,
    WhatIfReport,
    reports_for,
)
from service.http.auth import readers_only
from service.http.errors import problem
from service.registry.members import Member
from service.reporting import REPORTS
from service.reporting.tables import to_csv

CSV = "text/csv"
Group = Literal["resource", "kind", "day", "weekday", "hour"]
WeeklyHours = dict[
    str, Annotated[list[Annotated[list[str], Meta(min_length=2, max_length=2)]], Meta(max_length=8)]
]

From = Annotated[
    date | None,
    QueryParameter(name="from", description="First local day, YYYY-MM-DD (default: 28 days to to)"),
]
To = Annotated[
    date | None, QueryParameter(name="to", description="Last local day, included (default: today)")
]
Deps = NamedDependency[Context]


class WhatIfRequest(msgspec.Struct, forbid_unknown_fields=True):
    site_id: UUID
    capacity: dict[Annotated[str, Meta(max_length=220)], Annotated[int, Meta(ge=0, le=1000)]]
    first_day: date | None = msgspec.field(name="from", default=None)
    last_day: date | None = msgspec.field(name="to", default=None)
    opening_hours: WeeklyHours | None = None


def reports_of(ctx: Context, request: Request[Member, Any, Any]) -> Reports:
    return reports_for(ctx, request.user)


def _answer(request: Request[Member, Any, Any], report: msgspec.Struct) -> Any:
    wanted = request.accept.best_match(["application/json", CSV], default="application/json")
    if wanted == CSV:
        return Response(
            content=to_csv(report),
            media_type="text/csv",
            headers={"Content-Disposition": "inline"},
        )
    return report


def checked(call: Any) -> Any:
    try:
        return call()
    except ReportRequestError as error:
        raise problem(400, "Invalid request", str(error), "invalid-request", error.field) from None


class ReportController(Controller):
    path = "/api/reports"
    tags = ["reports"]
    guards = [readers_only]

    @get(
        "/utilisation",
        sync_to_thread=True,
        summary="Utilisation and occupancy (evaluators); CSV with Accept: text/csv",
    )
    def utilisation(
        self,
        request: Request[Member, Any, Any],
        ctx: Deps,
        site_id: FromQuery[UUID],
        first_day: From = None,
        last_day: To = None,
        group: FromQuery[Group] = "kind",
    ) -> UtilisationReport:
        report = checked(
            lambda: reports_of(ctx, request).utilisation(site_id, first_day, last_day, group)
        )
        return _answer(request, report)

    @get(
        "/demand",
        sync_to_thread=True,
        summary="Refused attempts and unmet demand (evaluators); CSV with Accept: text/csv",
    )
    def demand(
        self,
        request: Request[Member, Any, Any],
        ctx: Deps,
        site_id: FromQuery[UUID],
        first_day: From = None,
        last_day: To = None,
    ) -> DemandReport:
        report = checked(lambda: reports_of(ctx, request).demand(site_id, first_day, last_day))
        return _answer(request, report)

    @get(
        "/specification",
        sync_to_thread=True,
        summary="What the demand says an office should contain (evaluators)",
    )
    def specification(
        self,
        request: Request[Member, Any, Any],
        ctx: Deps,
        site_id: FromQuery[UUID],
        first_day: From = None,
        last_day: To = None,
        service_level: FromQuery[float] = 0.95,
        min_average_demand: FromQuery[float] = 1.0,
    ) -> SpecificationReport:
        report = checked(
            lambda: reports_of(ctx, request).specification(
                site_id, first_day, last_day, service_level, min_average_demand
            )
        )
        return _answer(request, report)

    @post(
        "/what-if",
        sync_to_thread=True,
        status_code=200,
        summary="Replay the recorded requests of a period against another capacity",
    )
    def what_if(
        self, request: Request[Member, Any, Any], data: WhatIfRequest, ctx: Deps
    ) -> WhatIfReport:
        report = checked(
            lambda: reports_of(ctx, request).what_if(
                data.site_id, data.first_day, data.last_day, data.capacity, data.opening_hours
            )
        )
        return _answer(request, report)


@get(
    "/reports/{site_id:uuid}",
    sync_to_thread=True,
    guards=[readers_only],
    tags=["reports"],
    summary="The report page: charts drawn on the server, printable",
    media_type="text/html",
)
def report_page(
    request: Request[Member, Any, Any],
    site_id: FromPath[UUID],
    ctx: Deps,
    first_day: From = None,
    last_day: To = None,
    service_level: FromQuery[float] = 0.95,
    show: Annotated[
        str, QueryParameter(description="comma-separated: utilisation,demand,specification")
    ] = ",".join(REPORTS),
    lang: Annotated[
        Literal["sv", "en"], QueryParameter(description="the page's language (default sv)")
    ] = "sv",
) -> Response[str]:
    which = tuple(s.strip() for s in show.split(",") if s.strip() in REPORTS) or REPORTS
    html = checked(
        lambda: reporting.report_page(
            reports_of(ctx, request), site_id, first_day, last_day, which, service_level, lang
        )
    )
    return Response(content=html, media_type="text/html")


ROUTES: list[ControllerRouterHandler] = [ReportController, report_page]
