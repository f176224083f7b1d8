"""The reports of a site and period are kept while the usage view stays where it was: the
same request again is answered from memory, and a new event gives new figures at once. On
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from service.application.access import SYSTEM
from service.application.reports import Reports, reports_for
from service.container import Container
from service.presentation.i18n import Lang
from service.reporting import site_reports
from service.reporting.cache import cache_for
from tests.builders import at, slot
from tests.conftest import Clock
from tests.driver import Driver
from tests.report_history import SUNDAY, THURSDAY, History, build_history

SV = Lang("sv")


@pytest.fixture
def history(container: Container, clock: Clock) -> History:
    return build_history(container, clock)


@pytest.fixture
def reports(container: Container, history: History) -> Reports:
    return reports_for(container.ctx, SYSTEM)


def test_the_same_period_again_is_answered_from_the_cache(
    container: Container, reports: Reports, history: History
) -> None:
    cache = cache_for(container.queries.engine)
    first = site_reports(reports, history.site_id, THURSDAY, SUNDAY, SV)
    hits = cache.hits

    again = site_reports(reports, history.site_id, THURSDAY, SUNDAY, SV)

    assert again.context["spec"] is first.context["spec"]
    assert again.context["utilisation"] is first.context["utilisation"]
    assert cache.hits == hits + 4  # the reports, the decision, the charts and their HTML
    assert again.context["reports_html"] == first.context["reports_html"]
    english = site_reports(reports, history.site_id, THURSDAY, SUNDAY, Lang("en"))
    assert english.context["spec"] is first.context["spec"]  # one computation, two languages
    assert english.context["decision"] != first.context["decision"]


def test_a_new_booking_moves_the_views_and_gives_new_figures_at_once(
    container: Container, clock: Clock, reports: Reports, history: History
) -> None:
    monday = SUNDAY + timedelta(days=1)
    before = site_reports(reports, history.site_id, THURSDAY, monday, SV)
    booked = before.context["utilisation"].total.bookings

    clock.now = at(monday, "07:00")
    Driver(container).book(uuid4(), history.room, slot(monday, "08:00", "09:00"))
    after = site_reports(reports, history.site_id, THURSDAY, monday, SV)

    # the booking starts a week of one member: the period's totals are hidden from now on
    # (privacy is decided week by week), where the cached ones showed them
    assert booked is not None and after.context["utilisation"].total.bookings is None
    assert after.context["utilisation"].total.suppressed
    assert after.context["spec"] is not before.context["spec"]


def test_another_period_or_service_level_is_computed_apart(
    reports: Reports, history: History
) -> None:
    whole = site_reports(reports, history.site_id, THURSDAY, SUNDAY, SV)
    longer = site_reports(reports, history.site_id, THURSDAY, SUNDAY + timedelta(days=1), SV)
    stricter = site_reports(reports, history.site_id, THURSDAY, SUNDAY, SV, service_level=0.99)

    # periods are served as whole ISO weeks: Thursday-Sunday is its week, one day more two
    assert longer.context["spec"].scope.days == 14 and whole.context["spec"].scope.days == 7
    assert stricter.context["spec"].service_level == 0.99
    assert whole.context["spec"].service_level == 0.95
