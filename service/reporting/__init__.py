"""The evaluators' report page, as the HTTP API and the CLI serve it: the chosen reports of
one site and period rendered as one printable HTML page."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from projections.reports import demand_report, specification_report
from projections.reports.utilisation import utilisation_reports
from service.application.reports import Reports, check_levels
from service.reporting import page as pages

REPORTS = ("utilisation", "demand", "specification")


def report_page(
    reports: Reports,
    site_id: UUID,
    first: date | None,
    last: date | None,
    which: tuple[str, ...] = REPORTS,
    service_level: float = 0.95,
) -> str:
    """The HTML page with the chosen reports (utilisation, demand, specification)."""
    check_levels(service_level, 1.0)
    data = reports.input(site_id, first, last)
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
