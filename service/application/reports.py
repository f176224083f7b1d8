"""The evaluators' reports as the use cases serve them: the period and site checked, the
input read once from the usage view, and the reports computed by ``projections.reports``."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from projections.reports import (
    DemandReport,
    SpecificationReport,
    UtilisationReport,
    WhatIfReport,
    demand_report,
    specification_report,
    utilisation_report,
    what_if,
)
from projections.reports.activity import ActivityReport, activity_report
from projections.reports.facts import ReportInput
from projections.reports.grid import whole_weeks
from projections.reports.source import ReportSource
from projections.reports.utilisation import GROUPS
from service.application.access import report_sites, require_report_reader
from service.application.context import Context
from service.application.errors import InvalidRequest, NotAllowed, NotFound
from service.registry.members import Member

MAX_DAYS = 731
DEFAULT_DAYS = 28
# Days a report can be about: the calendar arithmetic of a period (and of the day after it)
# stays far from the ends of what dates can hold.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


class ReportRequestError(InvalidRequest):
    """A report was asked for with an impossible period or setting."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message, about=field)
        self.field = field


def reports_for(ctx: Context, actor: Member) -> Reports:
    """The reports, for an evaluator, host or admin."""
    require_report_reader(actor)
    return Reports(ctx, report_sites(ctx, actor))


class Reports:
    """``sites``: the sites whose reports may be read (``None``: the whole pilot)."""

    def __init__(self, ctx: Context, sites: frozenset[UUID] | None = None) -> None:
        self.ctx = ctx
        self.source = ReportSource(ctx.reports_engine or ctx.queries.engine)
        self.sites = sites

    def readable(self, site_id: UUID) -> bool:
        return self.sites is None or site_id in self.sites

    def period(self, site_id: UUID, first: date | None, last: date | None) -> tuple[date, date]:
        """``from`` and ``to`` are local days of the site, both included. Without ``to``:
        today; without ``from``: the four weeks up to ``to``'s week. The period is then
        widened to whole ISO weeks (Monday to Sunday): the privacy rule's grid (``grid.py``)."""
        timezone = self.source.timezone(site_id)
        if timezone is None:
            raise NotFound("site")
        if not self.readable(site_id):
            raise NotAllowed("this evaluator or host reads only the reports of their sites")
        today = self.ctx.now().astimezone(ZoneInfo(timezone)).date()
        for day, field in ((first, "from"), (last, "to")):
            if day is not None and not EARLIEST <= day <= LATEST:
                raise ReportRequestError(f"a report covers days from {EARLIEST} to {LATEST}", field)
        last = last or today
        if first is None:  # the four weeks that end with the week of ``last``
            sunday = last + timedelta(days=6 - last.weekday())
            first = max(EARLIEST, sunday - timedelta(days=DEFAULT_DAYS - 1))
        if last < first:
            raise ReportRequestError("to must not be before from", "to")
        if (last - first).days + 1 > MAX_DAYS:
            raise ReportRequestError(f"a report covers at most {MAX_DAYS} days", "from")
        # Reports are of whole ISO weeks, so that two periods never differ by a day
        return whole_weeks(first, last, EARLIEST, LATEST)

    def position(self) -> int:
        """The usage view's position once it shows everything the store had when asked: the
        reports of a site and period are the same as long as it stays."""
        self.ctx.wait_for_view("usage")
        return self.source.position()

    def input(self, site_id: UUID, first: date | None, last: date | None) -> ReportInput:
        first, last = self.period(site_id, first, last)
        self.ctx.wait_for_view("usage")  # reports show what the store had when asked
        data = self.source.load(site_id, first, last, self.ctx.now())
        if data is None:
            raise NotFound("site")
        return data

    def utilisation(
        self, site_id: UUID, first: date | None, last: date | None, group: str = "kind"
    ) -> UtilisationReport:
        if group not in GROUPS:
            raise ReportRequestError(f"group is one of {', '.join(GROUPS)}", "group")
        return utilisation_report(self.input(site_id, first, last), group)

    def demand(self, site_id: UUID, first: date | None, last: date | None) -> DemandReport:
        return demand_report(self.input(site_id, first, last))

    def activity(self, site_id: UUID, first: date | None, last: date | None) -> ActivityReport:
        """Check-ins by method, the waitlist's outcomes and empty searches per week or month."""
        return activity_report(self.input(site_id, first, last))

    def specification(
        self,
        site_id: UUID,
        first: date | None,
        last: date | None,
        service_level: float = 0.95,
        min_average_demand: float = 1.0,
    ) -> SpecificationReport:
        check_levels(service_level, min_average_demand)
        return specification_report(
            self.input(site_id, first, last), service_level, min_average_demand
        )

    def what_if(
        self,
        site_id: UUID,
        first: date | None,
        last: date | None,
        capacity: dict[str, int],
        opening_hours: dict[str, list[list[str]]] | None = None,
    ) -> WhatIfReport:
        for pool, units in capacity.items():
            if not (pool in ("desk", "room", "equipment") or pool.startswith("equipment:")):
                raise ReportRequestError(
                    "capacity keys are desk, room, equipment or equipment:<name>",
                    f"capacity.{pool}",
                )
            if not 0 <= units <= 1000:
                raise ReportRequestError("capacity is 0..1000", f"capacity.{pool}")
        return what_if(self.input(site_id, first, last), capacity, opening_hours)


def check_levels(service_level: float, min_average_demand: float) -> None:
    if not 0 < service_level <= 1:
        raise ReportRequestError("service_level is more than 0 and at most 1", "service_level")
    if not 0 < min_average_demand <= 1000:
        raise ReportRequestError("min_average_demand is more than 0", "min_average_demand")
