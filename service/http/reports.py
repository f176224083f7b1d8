"""The evaluators' reports over HTTP: JSON (or CSV with ``Accept: text/csv``), the what-if
replay, and the report page for people."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, FromQuery, QueryParameter
from msgspec import Meta

from projections.reports import (
    DemandReport,
    SpecificationReport,
    UtilisationReport,
    WhatIfReport,
)
from service.container import Container
from service.http.deps import settle_view
from service.http.errors import problem
from service.members import Member
from service.reporting import REPORTS, ReportRequestError, Reports
from service.reporting.tables import to_csv

READERS = ("evaluator", "host", "admin")
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
Deps = NamedDependency[Container]


def readers_only(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Evaluators, hosts and admins read reports; members do not. (There is no assignment
    of hosts to sites yet, so a host reads every site's reports.)"""
    if connection.user.role not in READERS:
        raise PermissionDeniedException("reports are for evaluators, hosts and admins")


class WhatIfRequest(msgspec.Struct, forbid_unknown_fields=True):
    site_id: UUID
    capacity: dict[Annotated[str, Meta(max_length=220)], Annotated[int, Meta(ge=0, le=1000)]]
    first_day: date | None = msgspec.field(name="from", default=None)
    last_day: date | None = msgspec.field(name="to", default=None)
    opening_hours: WeeklyHours | None = None


def _reports(container: Container) -> Reports:
    settle_view(container, "usage")  # reports show what the store had when asked
    return Reports(container)


def _answer(request: Request[Member, Any, Any], report: msgspec.Struct) -> Any:
    wanted = request.accept.best_match(["application/json", CSV], default="application/json")
    if wanted == CSV:
        return Response(
            content=to_csv(report),
            media_type="text/csv",
            headers={"Content-Disposition": "inline"},
        )
    return report


def _checked(call: Any) -> Any:
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
        container: Deps,
        site_id: FromQuery[UUID],
        first_day: From = None,
        last_day: To = None,
        group: FromQuery[Group] = "kind",
    ) -> UtilisationReport:
        report = _checked(
            lambda: _reports(container).utilisation(site_id, first_day, last_day, group)
        )
        return _answer(request, report)  # type: ignore[no-any-return]

    @get(
        "/demand",
        sync_to_thread=True,
        summary="Refused attempts and unmet demand (evaluators); CSV with Accept: text/csv",
    )
    def demand(
        self,
        request: Request[Member, Any, Any],
        container: Deps,
        site_id: FromQuery[UUID],
        first_day: From = None,
        last_day: To = None,
    ) -> DemandReport:
        report = _checked(lambda: _reports(container).demand(site_id, first_day, last_day))
        return _answer(request, report)  # type: ignore[no-any-return]

    @get(
        "/specification",
        sync_to_thread=True,
        summary="What the demand says an office should contain (evaluators)",
    )
    def specification(
        self,
        request: Request[Member, Any, Any],
        container: Deps,
        site_id: FromQuery[UUID],
        first_day: From = None,
        last_day: To = None,
        service_level: FromQuery[float] = 0.95,
        min_average_demand: FromQuery[float] = 1.0,
    ) -> SpecificationReport:
        report = _checked(
            lambda: _reports(container).specification(
                site_id, first_day, last_day, service_level, min_average_demand
            )
        )
        return _answer(request, report)  # type: ignore[no-any-return]

    @post(
        "/what-if",
        sync_to_thread=True,
        status_code=200,
        summary="Replay the recorded requests of a period against another capacity",
    )
    def what_if(
        self, request: Request[Member, Any, Any], data: WhatIfRequest, container: Deps
    ) -> WhatIfReport:
        report = _checked(
            lambda: _reports(container).what_if(
                data.site_id, data.first_day, data.last_day, data.capacity, data.opening_hours
            )
        )
        return _answer(request, report)  # type: ignore[no-any-return]


@get(
    "/reports/{site_id:uuid}",
    sync_to_thread=True,
    guards=[readers_only],
    tags=["reports"],
    summary="The report page: charts drawn on the server, printable",
    media_type="text/html",
)
def report_page(
    site_id: FromPath[UUID],
    container: Deps,
    first_day: From = None,
    last_day: To = None,
    service_level: FromQuery[float] = 0.95,
    show: Annotated[
        str, QueryParameter(description="comma-separated: utilisation,demand,specification")
    ] = ",".join(REPORTS),
) -> Response[str]:
    which = tuple(s.strip() for s in show.split(",") if s.strip() in REPORTS) or REPORTS
    html = _checked(
        lambda: _reports(container).page(site_id, first_day, last_day, which, service_level)
    )
    return Response(content=html, media_type="text/html")


ROUTES = [ReportController, report_page]
