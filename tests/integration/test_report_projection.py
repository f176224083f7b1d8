"""The usage projection the reports read: learned from events only, so a rebuild gives the
same rows; sites' and resources' changes dated by the application's clock; and no member
id ever leaves it in a report."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import msgspec
import pytest
from sqlalchemy import select

from projections.usage_tables import USAGE_TABLES, UsageHoursRow, UsageResourceRow
from service.container import Container
from service.reporting import Reports
from tests.conftest import Clock
from tests.driver import Driver
from tests.integration.conftest import dump_views
from tests.report_history import HOURS, SUNDAY, THURSDAY, WEDNESDAY, at, build_history, slot

USAGE = {t.__tablename__ for t in USAGE_TABLES}


def usage_rows(container: Container) -> dict[str, list[tuple[object, ...]]]:
    return {k: v for k, v in dump_views(container.engine).items() if k in USAGE}


def test_a_rebuild_gives_the_same_usage_rows_as_following_live(
    container: Container, clock: Clock
) -> None:
    build_history(container, clock)
    live = usage_rows(container)
    assert live["view_usage_booking"] and live["view_usage_refusal"] and live["view_usage_closure"]
    assert container.follower is not None
    container.follower.stop()
    container.follower = None

    container.views.rebuild(container.store)

    assert usage_rows(container) == live


def test_a_retirement_and_new_hours_are_dated_by_the_last_activity_before_them(
    container: Container, clock: Clock
) -> None:
    app = Driver(container)
    clock.now = at(WEDNESDAY, "06:00")
    site = app.register_site(
        name="Kontoret", address="Gatan 1", locality="Frövi", opening_hours=HOURS
    ).id
    desk = app.add_resource(site, kind="desk", name="Desk").id
    clock.now = at(WEDNESDAY, "07:00")
    booking = app.book(uuid4(), desk, slot(THURSDAY, "08:00", "12:00"))
    clock.now = at(THURSDAY, "08:05")
    app.check_in(booking.id)
    clock.now = at(THURSDAY, "13:00")
    app.retire_resource(desk)
    written = app.set_opening_hours(site, {"fri": [["09:00", "15:00"]]})
    container.wait_for_all(written.position)

    with container.engine.connect() as c:
        added, retired = c.execute(
            select(UsageResourceRow.added_from, UsageResourceRow.retired_from)
        ).one()
        hours = (
            c.execute(select(UsageHoursRow.effective_from).order_by(UsageHoursRow.version))
            .scalars()
            .all()
        )

    assert added is None  # before any activity: from the start
    assert retired == at(THURSDAY, "08:05")  # the check-in, the last activity before it
    assert hours == [None, at(THURSDAY, "08:05")]


def test_reports_of_one_site_leave_the_bookings_of_another_out(
    container: Container, clock: Clock
) -> None:
    other = (
        Driver(container)
        .register_site(
            name="Annat kontor", address="Vägen 2", locality="Vedevåg", opening_hours=HOURS
        )
        .id
    )
    desk = Driver(container).add_resource(other, kind="desk", name="Desk").id
    history = build_history(container, clock)
    clock.now = at(WEDNESDAY, "12:00")
    written = Driver(container).book(history.members[5], desk, slot(THURSDAY, "08:00", "09:00"))
    container.wait_for_all(written.position)
    reports = Reports(container)

    assert reports.utilisation(history.site_id, THURSDAY, SUNDAY).total.bookings == 9
    elsewhere = reports.utilisation(other, THURSDAY, SUNDAY).total
    # the whole ISO week: Monday to Friday 4 hours each and Sunday's 2 real hours
    assert (elsewhere.open_hours, elsewhere.suppressed) == (22.0, True)  # one member


@pytest.mark.parametrize("report", ["utilisation", "demand", "specification", "what_if"])
def test_no_report_shows_a_member_id(container: Container, clock: Clock, report: str) -> None:
    history = build_history(container, clock)
    reports = Reports(container)
    period = (history.site_id, THURSDAY - timedelta(days=1), SUNDAY)
    result = {
        "utilisation": lambda: reports.utilisation(*period, "resource"),
        "demand": lambda: reports.demand(*period),
        "specification": lambda: reports.specification(*period),
        "what_if": lambda: reports.what_if(*period, {"desk": 1}),
    }[report]()

    text = msgspec.json.encode(result).decode()

    assert not any(str(member) in text for member in history.members)
    assert "member_id" not in text
