"""The evaluators' reports as people read them: the reports of one site and period with
their charts, rendered by one set of Jinja templates (``templates/``) for the evaluators'
web pages, the API's report page and the CLI's HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from markupsafe import Markup

from projections.reports import demand_report, specification_report, what_if
from projections.reports.activity import activity_report
from projections.reports.utilisation import utilisation_reports
from service.application.reports import Reports, check_levels
from service.presentation.i18n import Lang
from service.reporting import charts
from service.reporting.cache import cache_for
from service.reporting.decision import decide
from service.reporting.html import render_page, render_reports

REPORTS = ("utilisation", "demand", "specification")


@dataclass
class SiteReports:
    """The reports of one site and period, as the templates read them."""

    first: date
    last: date
    context: dict[str, Any] = field(default_factory=dict)
    key: tuple[Any, ...] = ()  # site, period, level and views' position: the cache's key


def site_reports(
    reports: Reports,
    site_id: UUID,
    first: date | None,
    last: date | None,
    t: Lang,
    capacity: dict[str, int] | None = None,
    service_level: float = 0.95,
    with_charts: bool = True,
    which: tuple[str, ...] = REPORTS,
) -> SiteReports:
    """Raises ReportRequestError for an impossible period or level. Kept per site, period
    and level while the usage view stays where it was (``cache.py``): the figures, the
    decision in each language and, for the pages that show them, the charts (drawn by
    matplotlib, the dearest part after the figures) and the reports rendered as HTML
    (``reports_html``, the same for every page that shows them: only the page around them
    is rendered per request)."""
    check_levels(service_level, 1.0)
    first, last = reports.period(site_id, first, last)
    cache = cache_for(reports.source.engine)
    key = (site_id, first, last, service_level, reports.position())
    computed = cache.get(
        ("reports", *key), lambda: _computed(reports, site_id, first, last, service_level)
    )
    spec = computed["spec"]
    context: dict[str, Any] = {
        "utilisation": computed["utilisation"],
        "by_day": computed["by_day"],
        "demand": computed["demand"],
        "spec": spec,
        "activity": computed["activity"],
        "decision": cache.get(
            ("decision", t.code, *key),
            lambda: decide(t, spec, computed["booked"], computed["closed"]),
        ),
    }
    if with_charts:
        today = reports.ctx.now().astimezone(ZoneInfo(spec.scope.timezone)).date()
        context["charts"] = cache.get(
            ("charts", t.code, today, *key),
            lambda: charts.site_charts(
                computed["utilisation"], computed["demand"], spec, t, today, computed["activity"]
            ),
        )
        site = SimpleNamespace(id=spec.scope.site_id, name=spec.scope.site_name)
        context["reports_html"] = Markup(
            cache.get(
                ("html", t.code, today, which, *key),
                lambda: render_reports(
                    t, site=site, first=first, last=last, which=which, **context
                ),
            )
        )
    if capacity:
        asked = tuple(sorted(capacity.items()))
        context["whatif"] = cache.get(
            ("what_if", asked, *key),
            lambda: what_if(reports.input(site_id, first, last), capacity, None),
        )
    return SiteReports(first, last, context, key)


def _computed(
    reports: Reports, site_id: UUID, first: date, last: date, service_level: float
) -> dict[str, Any]:
    """The reports of a site and period, whatever the page's language."""
    data = reports.input(site_id, first, last)
    both = utilisation_reports(data, ("kind", "day"))
    at_recorded = what_if(data, {}, None)
    return {
        "utilisation": both["kind"],
        "by_day": both["day"],
        "demand": demand_report(data),
        "spec": specification_report(data, service_level),
        "activity": activity_report(data),
        "booked": {r.key: r.utilisation for r in both["kind"].rows},
        "closed": {p.pool: p.refused_closed for p in at_recorded.pools},
    }


def report_page(
    reports: Reports,
    site_id: UUID,
    first: date | None,
    last: date | None,
    which: tuple[str, ...] = REPORTS,
    service_level: float = 0.95,
    lang: str | None = None,
) -> str:
    """The self-contained HTML page with the chosen reports (Swedish unless ``lang``);
    the page around the reports is rendered each time, the reports come from the cache."""
    t = Lang(lang or "sv")
    shown = site_reports(reports, site_id, first, last, t, service_level=service_level, which=which)
    scope = shown.context["spec"].scope
    return render_page(
        t,
        site=SimpleNamespace(id=scope.site_id, name=scope.site_name),
        first=shown.first,
        last=shown.last,
        which=which,
        **shown.context,
    )
