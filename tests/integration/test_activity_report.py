"""The activity report from the events, on SQLite and PostgreSQL: check-ins counted by how
they were made (code, button, host), waitlist entries by what became of them (served,
expired, left) and empty searches by kind, per week; and a rebuild of the views gives the
same report."""

from __future__ import annotations

from datetime import time
from uuid import uuid4

import msgspec

from service.application import checkin, waitlist
from service.application.access import SYSTEM
from service.application.reports import reports_for
from service.application.searches import Search, search_free
from service.container import Container
from tests.conftest import Clock
from tests.driver import Driver, as_member
from tests.integration.conftest import TUESDAY, Office, at, slot, store_position


def a_tuesday_of_check_ins_waits_and_searches(
    container: Container, clock: Clock, office: Office
) -> None:
    app = Driver(container)
    m = [uuid4() for _ in range(8)]
    morning = slot(TUESDAY, "08:00", "12:00")
    clock.now = at(TUESDAY, "07:00")
    first = app.book(m[0], office.desk_a, morning).id
    app.book(m[1], office.desk_b, morning)
    room = app.book(m[2], office.room, morning).id
    headset = app.book(m[3], office.headsets, morning).id
    entries = {n: app.join_waitlist(m[n], morning, resource_id=office.desk_a).id for n in (4, 5, 6)}
    waitlist.leave(container.ctx, as_member(m[6]), entries[6])
    for n in (5, 6, 7):
        search_free(
            container.ctx,
            Search(as_member(m[n]), office.site_id, TUESDAY, "desk", time(8), time(12)),
        )
    app.cancel(first, by=m[0])  # frees desk A: the first in line (member 4) is served
    waitlist.sweep(container.ctx)
    served = container.queries.member_bookings(m[4])
    assert [b.resource_id for b in served] == [office.desk_a]

    clock.now = at(TUESDAY, "08:05")
    checkin.check_in_here(container.ctx, as_member(m[1]), office.desk_b)  # code
    app.check_in(room)  # by a host
    app.check_in(headset, by=m[3])  # button
    app.check_in(served[0].id, by=m[4])  # button
    waitlist.sweep(container.ctx)  # member 5's time has started: expired
    container.wait_for_all(store_position(container))


def report(container: Container) -> dict[str, object]:
    reports = reports_for(container.ctx, SYSTEM)
    site = reports.source.find_site("Frövi")
    assert site is not None
    return msgspec.to_builtins(reports.activity(site, TUESDAY, TUESDAY))


def test_check_ins_waits_and_empty_searches_are_counted_per_week_and_rebuild_the_same(
    container: Container, clock: Clock, office: Office
) -> None:
    a_tuesday_of_check_ins_waits_and_searches(container, clock, office)

    live = report(container)

    assert live["grain"] == "week"
    check_ins, waits, searches = live["check_ins"], live["waitlist"], live["empty_searches"]
    assert check_ins["total"] == {"code": 1, "button": 2, "host": 1, "unrecorded": 0}
    assert check_ins["categories"] == ["code", "button", "host"]
    assert [p["key"] for p in check_ins["parts"]] == ["2026-W49"]
    assert waits["total"] == {"served": 1, "expired": 1, "left": 1, "waiting": 0}
    assert searches["total"] == {"desk": 3} and searches["categories"] == ["desk"]
    assert not any(p["suppressed"] for p in check_ins["parts"] + waits["parts"])

    assert container.follower is not None
    container.follower.stop()
    container.follower = None
    container.views.rebuild(container.store)

    assert report(container) == live
