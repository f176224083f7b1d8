"""A small history whose report figures are computed by hand in docs/reports.md (and in the
tests that use it): an office in Frövi from Thursday 26 to Sunday 29 March 2026, with a
closure day (Friday), a closed Saturday and the spring daylight-saving change on Sunday.

Opening hours: Monday-Friday 08:00-12:00, Sunday 01:00-04:00 (wall clock). On Sunday
29 March 02:00-03:00 does not exist, so Sunday is open 2 real hours, not 3.

Resources: Desk A (screen, window), Desk B (screen), Room Ån (video, whiteboard; 4 seats),
Headset (a pool of 2).

Everything is booked on Wednesday 25 March, one step a minute from 07:00, by members
m1..m6 (m6 only tries once, on the closure day):

  1 m1 books Desk A   Thu 08-12            -> checks in 08:05, checks out 11:00
  2 m2 tries Desk A   Thu 08-10            -> slot-taken (then step 3: met later)
  3 m2 books Desk B   Thu 08-10            -> released as a no-show at 08:30
  4 m3 tries Desk A   Thu 10-12, twice     -> slot-taken x2 (one request; met later)
  6 m3 books Desk B   Thu 10-12            -> checks in 09:55
  7 m4 asks any desk  Thu 10-12, twice     -> nothing-free x2 (one request, unmet 2 h)
  9 m5 tries Desk A   Thu 07-08            -> outside-opening-hours (unmet 1 h)
 10 m6 tries Desk A   Fri 09-10            -> site-closed (unmet 1 h)
 11 m1 tries Desk B   Thu 10-11            -> member-desk-limit (policy)
 12 m5 tries Desk A   Thu 09-10            -> slot-taken (unmet 1 h)
 13 m4 books the room Thu 09-11, cancels it at step 14
 15 m5 books the room Thu 10-12            -> checks in 10:10
 16 m1 books 2 headsets Thu 09-10          -> checks in 09:00
 17 m2 books Desk A   Sun 01-04            -> checks in 01:00
 18 m3 books Desk B   Sun 01-03 (1 real hour) -> released as a no-show at 01:30
 19 m4 books the room Sun 01-04            -> never settled
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID, uuid4

from domain.errors import DomainError
from domain.time import Interval
from service.container import Container
from tests.builders import at, slot
from tests.driver import Driver

WEDNESDAY = date(2026, 3, 25)
THURSDAY = date(2026, 3, 26)
FRIDAY = date(2026, 3, 27)
SATURDAY = date(2026, 3, 28)
SUNDAY = date(2026, 3, 29)  # the spring change: 02:00 CET -> 03:00 CEST
HOURS = {
    **{d: [["08:00", "12:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    "sun": [["01:00", "04:00"]],
}


@dataclass
class History:
    site_id: UUID
    desk_a: UUID
    desk_b: UUID
    room: UUID
    headsets: UUID
    members: list[UUID]
    bookings: dict[int, UUID] = field(default_factory=dict)
    refusals: int = 0


def build_history(container: Container, clock: object) -> History:
    """Drives the application through the history above (``clock`` has ``.now``)."""
    app = Driver(container)
    clock.now = at(WEDNESDAY, "06:00")  # type: ignore[attr-defined]
    site = app.register_site(
        name="Grannskapskontoret Frövi",
        address="Storgatan 1",
        locality="Frövi",
        opening_hours=HOURS,
    ).id
    app.add_closure(site, FRIDAY, FRIDAY, "Staff training")
    h = History(
        site_id=site,
        desk_a=app.add_resource(site, kind="desk", name="Desk A", features=["screen", "window"]).id,
        desk_b=app.add_resource(site, kind="desk", name="Desk B", features=["screen"]).id,
        room=app.add_resource(
            site, kind="room", name="Room Ån", seats=4, features=["video", "whiteboard"]
        ).id,
        headsets=app.add_resource(site, kind="equipment", name="Headset", quantity=2).id,
        members=[uuid4() for _ in range(6)],
    )
    m1, m2, m3, m4, m5, m6 = h.members
    clock.now = at(WEDNESDAY, "07:00")  # type: ignore[attr-defined]

    def step() -> None:
        clock.now += timedelta(minutes=1)  # type: ignore[attr-defined]

    def book(n: int, member: UUID, resource: UUID, interval: Interval, quantity: int = 1) -> None:
        step()
        h.bookings[n] = app.book(member, resource, interval, quantity).id

    def refused(call) -> None:  # type: ignore[no-untyped-def]
        step()
        try:
            call()
        except DomainError:
            h.refusals += 1
            return
        raise AssertionError("expected a refusal")

    book(1, m1, h.desk_a, slot(THURSDAY, "08:00", "12:00"))
    refused(lambda: app.book(m2, h.desk_a, slot(THURSDAY, "08:00", "10:00")))
    book(3, m2, h.desk_b, slot(THURSDAY, "08:00", "10:00"))
    refused(lambda: app.book(m3, h.desk_a, slot(THURSDAY, "10:00", "12:00")))
    refused(lambda: app.book(m3, h.desk_a, slot(THURSDAY, "10:00", "12:00")))
    book(6, m3, h.desk_b, slot(THURSDAY, "10:00", "12:00"))
    for _ in range(2):
        refused(lambda: app.book_any(m4, site, "desk", slot(THURSDAY, "10:00", "12:00")))
    refused(lambda: app.book(m5, h.desk_a, slot(THURSDAY, "07:00", "08:00")))
    refused(lambda: app.book(m6, h.desk_a, slot(FRIDAY, "09:00", "10:00")))
    refused(lambda: app.book(m1, h.desk_b, slot(THURSDAY, "10:00", "11:00")))
    refused(lambda: app.book(m5, h.desk_a, slot(THURSDAY, "09:00", "10:00")))
    book(13, m4, h.room, slot(THURSDAY, "09:00", "11:00"))
    step()
    app.cancel(h.bookings[13], by=m4)
    book(15, m5, h.room, slot(THURSDAY, "10:00", "12:00"))
    book(16, m1, h.headsets, slot(THURSDAY, "09:00", "10:00"), quantity=2)
    book(17, m2, h.desk_a, slot(SUNDAY, "01:00", "04:00"))
    book(18, m3, h.desk_b, slot(SUNDAY, "01:00", "03:00"))
    book(19, m4, h.room, slot(SUNDAY, "01:00", "04:00"))

    def when(day: date, clock_time: str) -> None:
        clock.now = at(day, clock_time)  # type: ignore[attr-defined]

    when(THURSDAY, "08:05")
    app.check_in(h.bookings[1])
    when(THURSDAY, "08:30")
    assert app.release_if_no_show(h.bookings[3]) is not None
    when(THURSDAY, "09:00")
    app.check_in(h.bookings[16])
    when(THURSDAY, "09:55")
    app.check_in(h.bookings[6])
    when(THURSDAY, "10:10")
    app.check_in(h.bookings[15])
    when(THURSDAY, "11:00")
    app.check_out(h.bookings[1])
    when(SUNDAY, "01:00")
    app.check_in(h.bookings[17])
    clock.now += timedelta(minutes=30)  # type: ignore[attr-defined]  # 01:30 CET = 00:30 UTC
    assert app.release_if_no_show(h.bookings[18]) is not None
    when(date(2026, 3, 30), "09:00")
    container.wait_for_all(container.store.position)
    return h
