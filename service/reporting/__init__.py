"""Reports for the evaluators, as the HTTP API, the report page and the CLI serve them:
the period and site checked, the input read once from the usage projection, and the
results as structs, CSV, text or an HTML page."""

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
from projections.reports.facts import ReportInput
from projections.reports.source import ReportSource
from projections.reports.utilisation import GROUPS, utilisation_reports
from service.application import NotFound
from service.container import Container
from service.reporting import page as pages

MAX_DAYS = 731
DEFAULT_DAYS = 28
REPORTS = ("utilisation", "demand", "specification")


class ReportRequestError(ValueError):
    """A report was asked for with an impossible period or setting."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class Reports:
    def __init__(self, container: Container) -> None:
        self.container = container
        self.source = ReportSource(container.engine)

    def period(self, site_id: UUID, first: date | None, last: date | None) -> tuple[date, date]:
        """``from`` and ``to`` are local days of the site, both included. Without ``to``:
        today; without ``from``: the 28 days up to ``to``."""
        timezone = self.source.timezone(site_id)
        if timezone is None:
            raise NotFound("site", "site_id")
        today = self.container.now().astimezone(ZoneInfo(timezone)).date()
        last = last or today
        first = first or last - timedelta(days=DEFAULT_DAYS - 1)
        if last < first:
            raise ReportRequestError("to must not be before from", "to")
        if (last - first).days + 1 > MAX_DAYS:
            raise ReportRequestError(f"a report covers at most {MAX_DAYS} days", "from")
        return first, last

    def input(self, site_id: UUID, first: date | None, last: date | None) -> ReportInput:
        first, last = self.period(site_id, first, last)
        data = self.source.load(site_id, first, last, self.container.now())
        if data is None:
            raise NotFound("site", "site_id")
        return data

    def utilisation(
        self, site_id: UUID, first: date | None, last: date | None, group: str = "kind"
    ) -> UtilisationReport:
        if group not in GROUPS:
            raise ReportRequestError(f"group is one of {', '.join(GROUPS)}", "group")
        return utilisation_report(self.input(site_id, first, last), group)

    def demand(self, site_id: UUID, first: date | None, last: date | None) -> DemandReport:
        return demand_report(self.input(site_id, first, last))

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

    def page(
        self,
        site_id: UUID,
        first: date | None,
        last: date | None,
        which: tuple[str, ...] = REPORTS,
        service_level: float = 0.95,
    ) -> str:
        """The HTML page with the chosen reports (utilisation, demand, specification)."""
        check_levels(service_level, 1.0)
        data = self.input(site_id, first, last)
        sections = []
        scope = None
        if "utilisation" in which:
            both = utilisation_reports(data, ("kind", "day"))
            scope = both["kind"].scope
            sections.append(pages.utilisation_section(both["kind"], both["day"]))
        if "demand" in which:
            demand = demand_report(data)
            scope = scope or demand.scope
            sections.append(pages.demand_section(demand))
        if "specification" in which:
            spec = specification_report(data, service_level)
            scope = scope or spec.scope
            sections.append(pages.specification_section(spec))
        assert scope is not None
        return pages.page(scope, sections)


def check_levels(service_level: float, min_average_demand: float) -> None:
    if not 0 < service_level <= 1:
        raise ReportRequestError("service_level is more than 0 and at most 1", "service_level")
    if not 0 < min_average_demand <= 1000:
        raise ReportRequestError("min_average_demand is more than 0", "min_average_demand")
