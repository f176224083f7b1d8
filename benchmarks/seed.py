"""What the benchmarks book on: a site open (almost) all day with many desks and a
generous policy, a realistic 20-resource site for availability, and a walk through
distinct one-per-hour 15-minute slots so that no two bookings ever conflict."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from domain.time import Interval, local_instant
from service.cli.operator import Operator
from service.container import Container

TZ = ZoneInfo("Europe/Stockholm")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAY = {day: [["00:00", "23:45"]] for day in WEEKDAYS}
GENEROUS = {"days_ahead": 366, "max_future_bookings": 1000}
SLOT = timedelta(minutes=15)


@dataclass
class BookingSite:
    site_id: UUID
    desks: list[UUID]


def booking_site(container: Container, desks: int = 40, name: str = "Bench office") -> BookingSite:
    app = Operator(container)
    site = app.register_site(name=name, address="Benchgatan 1", locality="Frövi")
    app.set_opening_hours(site.id, ALL_DAY)
    written = app.change_policy(site.id, GENEROUS)
    ids = [app.add_resource(site.id, kind="desk", name=f"Desk {n:03}").id for n in range(desks)]
    container.wait_for_all(written.position)
    return BookingSite(site.id, ids)


def first_hour_after(now: datetime) -> datetime:
    """The next whole UTC hour at least a minute after ``now``."""
    later = (now + timedelta(minutes=1)).astimezone(UTC)
    return later.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


class SlotWalker:
    """Hands out (member, desk, interval) so that bookings never conflict: for each whole
    UTC hour in turn, a 15-minute slot at the start of that hour on every desk, each by a
    different member. Whole UTC hours are whole local hours in Stockholm (also across
    daylight-saving changes), so every slot lies within the 00:00-23:45 opening hours, and
    a desk-day ledger gets at most 24 holds. Needs at least as many members as desks."""

    def __init__(self, desks: list[UUID], members: list[UUID], first_hour: datetime) -> None:
        if len(members) < len(desks):
            raise ValueError("a walker needs at least as many members as desks")
        self.desks = desks
        self.members = members
        self.hour = first_hour
        self._desk = 0
        self._count = 0

    def next(self) -> tuple[UUID, UUID, Interval]:
        if self._desk == len(self.desks):
            self._desk = 0
            self.hour += timedelta(hours=1)
        desk = self.desks[self._desk]
        member = self.members[self._count % len(self.members)]
        self._desk += 1
        self._count += 1
        return member, desk, Interval(self.hour, self.hour + SLOT)

    @property
    def next_free_hour(self) -> datetime:
        """The first hour no booking of this walker has touched."""
        return self.hour + timedelta(hours=1)


# -- a realistic site for availability ---------------------------------------------------

DESK_DAY = [("08:00", "12:00"), ("13:00", "16:30")]
ROOM_MEETINGS = [("09:00", "10:00"), ("10:30", "11:30"), ("13:00", "14:00"), ("15:00", "16:00")]
EQUIPMENT_LOANS = [("08:00", "12:00", 1), ("09:00", "15:00", 2), ("13:00", "17:00", 1)]
WORKDAY = {day: [["07:00", "19:00"]] for day in WEEKDAYS}


@dataclass
class AvailabilitySite:
    site_id: UUID
    day: date
    holds_that_day: int
    resources: int


def availability_site(container: Container, day: date, spread_days: int = 1) -> AvailabilitySite:
    """A site with 14 desks, 4 rooms and 2 pools of equipment, and a normal working day's
    bookings on ``day`` and on ``spread_days`` day(s) either side: 10 desks booked morning
    and afternoon, 4 meetings in each room, 3 equipment loans per pool (42 holds a day)."""
    app = Operator(container)
    site = app.register_site(
        name="Bench neighbourhood office", address="Benchgatan 2", locality="Frövi"
    )
    app.set_opening_hours(site.id, WORKDAY)
    app.change_policy(site.id, GENEROUS)
    desks = [app.add_resource(site.id, kind="desk", name=f"Skrivbord {n}").id for n in range(14)]
    rooms = [
        app.add_resource(site.id, kind="room", name=f"Rum {n}", seats=seats).id
        for n, seats in enumerate((1, 4, 6, 8))
    ]
    pools = [
        app.add_resource(site.id, kind="equipment", name=f"Pool {n}", quantity=q).id
        for n, q in enumerate((4, 3))
    ]
    members = [uuid4() for _ in range(len(desks))]

    def at(d: date, clock: str) -> datetime:
        return local_instant(d, time.fromisoformat(clock), TZ)

    holds = 0
    last = None
    for offset in range(-spread_days, spread_days + 1):
        d = day + timedelta(days=offset)
        for n, desk in enumerate(desks[:10]):
            for start, end in DESK_DAY:
                last = app.book(members[n], desk, Interval(at(d, start), at(d, end)))
                holds += offset == 0
        for n, room in enumerate(rooms):
            for start, end in ROOM_MEETINGS:
                last = app.book(members[n], room, Interval(at(d, start), at(d, end)))
                holds += offset == 0
        for n, pool in enumerate(pools):
            for start, end, quantity in EQUIPMENT_LOANS:
                last = app.book(members[n + 4], pool, Interval(at(d, start), at(d, end)), quantity)
                holds += offset == 0
    if last is not None:
        container.wait_for_all(last.position, timeout=30)
    return AvailabilitySite(site.id, day, holds, len(desks) + len(rooms) + len(pools))
